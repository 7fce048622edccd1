using LetsChat.Components.Moderation;
using LetsChat.Components.Shared;

namespace LetsChat.Tests.Moderation;

/// <summary>Reporting as the dialog sees it: records each report, and answers with <see cref="NextResult"/>.</summary>
public sealed class FakeReports : IReports
{
    public List<string> Calls { get; } = [];

    public Outcome NextResult { get; set; } = Outcome.Done();

    public Task<Outcome> ReportMessageAsync(long messageId, ReportReason reason, string? details, bool attachMessage)
    {
        Calls.Add($"Message {messageId} {reason} {details} attach={attachMessage}");
        return Task.FromResult(NextResult);
    }

    public Task<Outcome> ReportUserAsync(long userId, ReportReason reason, string? details)
    {
        Calls.Add($"Person {userId} {reason} {details}".TrimEnd());
        return Task.FromResult(NextResult);
    }
}
