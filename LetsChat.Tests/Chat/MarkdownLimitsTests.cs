using System.Diagnostics;
using LetsChat.Components.Chat;
using LetsChat.Server.Chat;

namespace LetsChat.Tests.Chat;

/// <summary>What a hostile body can cost the server: the cache is bounded in bytes, and deep nesting neither overflows the stack nor takes long.</summary>
public sealed class MarkdownLimitsTests
{
    [Fact]
    public void The_cache_of_rendered_messages_is_bounded_in_bytes_not_entries()
    {
        const long limit = 1024 * 1024;
        using var markdown = new MessageMarkdown(limit);
        var autolinks = string.Concat(Enumerable.Repeat("http://a.io ", MessageRules.MaxLength / 12));
        long rendered = 0;

        for (var id = 1; id <= 40; id++)
        {
            rendered += markdown.Of(new ChatMessage(id, 1, id, 1, "Eve", null, autolinks, DateTimeOffset.UtcNow)).Length * sizeof(char);
        }

        rendered.ShouldBeGreaterThan(limit * 2); // what an entry-counting cache would have kept
        markdown.CachedBytes.ShouldBeLessThanOrEqualTo(limit);
        markdown.CachedBytes.ShouldBeGreaterThan(0);
    }

    [Theory]
    [InlineData(">")]
    [InlineData("> ")]
    [InlineData("- ")]
    [InlineData("1. ")]
    [InlineData("[")]
    [InlineData("*")]
    [InlineData("**")]
    [InlineData("`")]
    [InlineData("![")]
    [InlineData("|")]
    public void A_body_nested_as_deep_as_it_can_go_renders_quickly(string unit)
    {
        using var markdown = new MessageMarkdown();
        var body = string.Concat(Enumerable.Repeat(unit, MessageRules.MaxLength / unit.Length)) + "x";
        var nestedLists = string.Join('\n', Enumerable.Range(0, 400).Select(depth => new string(' ', depth * 2) + unit + "x"));

        foreach (var text in new[] { body, nestedLists })
        {
            var cpu = Stopwatch.StartNew();
            var html = markdown.Render(text);
            cpu.Stop();

            html.ShouldNotBeNullOrWhiteSpace();
            // A guard against a pathological case (seconds), not a speed target: one message renders in milliseconds.
            cpu.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(2));
        }
    }
}
