using System.Globalization;
using System.Text;
using LetsChat.Benchmarks.Load;
using LetsChat.Benchmarks.Scenarios;

namespace LetsChat.Benchmarks.Report;

public static partial class PerformanceReport
{
    private static void AppendDay(BenchResults results, StringBuilder md, string charts)
    {
        if (results.Day.Count == 0)
        {
            return;
        }

        var inv = CultureInfo.InvariantCulture;
        var r = results.Day[^1];
        md.AppendLine("## A day: many rooms, presence churn, one instance");
        md.AppendLine();
        md.AppendLine(inv, $"{r.Tabs:N0} tabs of {r.Users:N0} people (one to five tabs each) opened at a steady rate on one instance (SQLite, no Redis), the");
        md.AppendLine("load client beside it: some on the public room, the rest on group rooms (10 to 50 members) and private rooms between friends,");
        md.AppendLine("each tab on one of its person's rooms. Then, after an unrecorded warm-up at the same pace, the day: messages typed and sent");
        md.AppendLine("through the composer in every kind of room, reactions clicked on recent messages, typing, comers (each a friend of five people)");
        md.AppendLine("opening and closing a tab, five a second each way, with the offline grace period at 3 s, profile pages and searches loaded.");
        md.AppendLine("A delivery is a message's row rendered in a tab showing its room (not the tab it was typed in); \"shown elsewhere\" counts a row");
        md.AppendLine("rendered in a tab on another room, and must be 0, as must lost and duplicated. A friend's status change is owed to every tab of");
        md.AppendLine("each of the comer's friends, from the moment the tab starts opening (online) or the grace period ends (offline).");
        md.AppendLine("\"Refused\" counts messages sent that the server did not store (the send failed, and the composer said so): they are owed");
        md.AppendLine("to nobody. A message it stored and a tab on its room never rendered is lost.");
        md.AppendLine();
        md.AppendLine("| room | messages | msg/s | refused | deliveries | lost | duplicated | shown elsewhere | p50 ms | p95 ms | p99 ms | max ms |");
        md.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var k in r.Kinds)
        {
            md.AppendLine(inv, $"| {k.Kind} | {k.Messages:N0} | {k.AchievedRate:N1} | {k.NotStored:N0} | {k.Delivered:N0} / {k.Expected:N0} | {k.Lost:N0} | {k.Duplicated:N0} | {k.Misdelivered:N0} | {k.P50:N1} | {k.P95:N1} | {k.P99:N1} | {k.Max:N1} |");
        }

        var s = r.Status;
        var a = r.Activity;
        md.AppendLine();
        md.AppendLine("| | |");
        md.AppendLine("|---|---|");
        md.AppendLine(inv, $"| tabs opened | {r.Opened:N0} of {r.Tabs:N0} in {r.OpenSeconds:N0} s; circuits held when the day ended {r.CircuitsHeld:N0}; dropped by the server {r.Dropped:N0} |");
        md.AppendLine(inv, $"| friends' status changes | {s.Seen:N0} of {s.Owed:N0} seen, {s.Promptly:N0} within 2 s; p50 {s.P50:N0} ms, p99 {s.P99:N0} ms, max {s.Max:N0} ms; unexplained {s.Unowed:N0} |");
        md.AppendLine(inv, $"| reactions, typing, comer visits | {a.Reactions:N0}, {a.Typing:N0}, {a.ComerVisits:N0}; failed actions {a.FailedActions:N0} |");
        md.AppendLine(inv, $"| profile pages, searches (whole page load) | {a.ProfileViews.Count:N0} (p50 {a.ProfileViews.P50:N0} ms, p99 {a.ProfileViews.P99:N0} ms), {a.Searches.Count:N0} (p50 {a.Searches.P50:N0} ms, p99 {a.Searches.P99:N0} ms); failed {a.FailedPages:N0} |");
        md.AppendLine(inv, $"| server CPU during the day | {r.ServerCpuSeconds:N0} s of {r.LoadSeconds:N0} s, {r.CpuMicrosecondsPerDelivery:N0} µs per message delivery (everything else the day does included) |");
        md.AppendLine(inv, $"| server memory per circuit at {r.Opened:N0} | working set {r.WorkingSetPerCircuitKb:N1} KB, heap {r.HeapPerCircuitKb:N1} KB: {r.HeapRatio:0.00}× a minimal Blazor page ({r.MinimalHeapPerCircuitKb:N1} KB) |");
        md.AppendLine(inv, $"| server GCs during the day | {r.ServerCollections:N0}, {r.ServerGcPauseMilliseconds:N0} ms paused in all |");
        md.AppendLine();
        md.AppendLine("![Send to render per kind of room](performance/day.png)");
        md.AppendLine();
        DayChart(r, Path.Combine(charts, "day.png"));
    }

    private static void DayChart(DayResult result, string file) =>
        GroupedBars(result.Kinds, [("p50", k => k.P50), ("p95", k => k.P95), ("p99", k => k.P99)],
            k => $"{k.Kind} ({k.AchievedRate:N0} msg/s)", $"A day, {result.Opened:N0} tabs: send to render per kind of room", file);
}
