using LetsChat.Benchmarks.Report;

namespace LetsChat.Tests.Benchmarks;

/// <summary>A scenario measured again on its own replaces its own section of docs/performance.md, stamped, and nothing else.</summary>
public sealed class PerformanceReportMergeTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("letschat-merge").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void A_fresh_section_replaces_the_one_with_its_heading_and_brings_its_chart()
    {
        var published = Path.Combine(_folder, "docs", "performance.md");
        Directory.CreateDirectory(Path.Combine(_folder, "docs", "performance"));
        File.WriteAllText(published, "# Performance\n\nMeasured long ago.\n\n## Idle\n\nold idle\n\n## Day\n\nold day\n\n## Notes\n\n- a note\n");
        var fresh = Path.Combine(_folder, "tmp", "performance.md");
        Directory.CreateDirectory(Path.Combine(_folder, "tmp", "performance"));
        File.WriteAllText(Path.Combine(_folder, "tmp", "performance", "day.png"), "png");
        File.WriteAllText(fresh, "# Performance\n\nMeasured now.\n\n## Day\n\nnew day\n\n![chart](performance/day.png)\n\n## Scale-out\n\nnew scale-out\n\n## Notes\n\n- fresh note\n");

        PerformanceReport.Merge(fresh, published, "day", new DateTimeOffset(2026, 12, 5, 3, 0, 0, TimeSpan.Zero));

        var merged = File.ReadAllText(published);
        merged.ShouldStartWith("# Performance\n\nMeasured long ago.\n\n## Idle\n\nold idle\n\n## Day\n\n_This section: measured 2026-12-05 03:00 UTC by `dotnet run -c Release --project LetsChat.Benchmarks -- day --publish`._\n\nnew day");
        merged.ShouldNotContain("old day");
        merged.IndexOf("## Scale-out", StringComparison.Ordinal).ShouldBeLessThan(merged.IndexOf("## Notes", StringComparison.Ordinal), "a new section goes before the notes");
        merged.ShouldContain("- a note");
        merged.ShouldNotContain("fresh note");
        File.ReadAllText(Path.Combine(_folder, "docs", "performance", "day.png")).ShouldBe("png");
    }
}
