using LetsChat.Benchmarks.Scenarios;

namespace LetsChat.Tests.Benchmarks;

/// <summary>
/// The scale-out scenario at smoke size: two instances, PostgreSQL and Redis started by the benchmark, watchers on
/// both, and a Redis restart in the middle of the last step. Every message must reach every watcher once on both
/// instances, or the published within/across figures would count deliveries that never happened. Counts only.
/// </summary>
public sealed class ScaleoutScenarioSmokeTests
{
    [Fact]
    public async Task Every_message_reaches_every_watcher_once_on_both_instances_even_across_a_Redis_restart()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        const int watchers = 5;
        var rows = await ScaleoutScenario.MeasureAsync(watchers, 1, [10], _ => 20, restartRedis: true, _ => { }, cancellationToken);

        rows.Count.ShouldBe(2, "one step at 10 messages/s, then the Redis restart step");
        rows[1].RedisRestarted.ShouldBeTrue();
        foreach (var row in rows)
        {
            row.Messages.ShouldBe(20);
            row.Expected.ShouldBe(20L * watchers * 2, "each message to each watcher on both instances");
            row.Lost.ShouldBe(0, $"nothing lost (Redis {(row.RedisRestarted ? "restarted" : "up")})");
            row.Duplicated.ShouldBe(0);
            row.Delivered.ShouldBe(row.Expected);
            row.Within.Count.ShouldBe(20L * watchers, "half the deliveries stay on the sender's instance");
            row.Across.Count.ShouldBe(20L * watchers, "the other half come through Redis");
        }
    }
}
