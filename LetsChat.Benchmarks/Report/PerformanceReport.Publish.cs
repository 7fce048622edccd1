using System.Globalization;
using System.Text;

namespace LetsChat.Benchmarks.Report;

public static partial class PerformanceReport
{
    /// <summary>
    /// Puts the sections of a one-scenario run at full size (<paramref name="fresh"/>, a report in the temp folder) into
    /// <paramref name="published"/> (docs/performance.md) in place of the sections with the same headings, each marked with when and how it was
    /// measured, and copies their charts beside it: a scenario can be measured again without re-running all of them.
    /// </summary>
    public static string Merge(string fresh, string published, string scenario, DateTimeOffset measured)
    {
        var docs = Path.GetDirectoryName(published)!;
        var (preamble, sections) = Split(File.ReadAllText(published));
        var (_, freshSections) = Split(File.ReadAllText(fresh));
        var stamp = string.Create(CultureInfo.InvariantCulture,
            $"_This section: measured {measured:yyyy-MM-dd HH:mm} UTC by `dotnet run -c Release --project LetsChat.Benchmarks -- {scenario} --publish`._");
        foreach (var (heading, body) in freshSections.Where(s => s.Heading != "## Notes"))
        {
            var stamped = (heading, $"\n{stamp}\n\n{body.TrimStart('\n')}");
            var at = sections.FindIndex(s => s.Heading == heading);
            if (at >= 0)
            {
                sections[at] = stamped;
            }
            else
            {
                var notes = sections.FindIndex(s => s.Heading == "## Notes");
                sections.Insert(notes >= 0 ? notes : sections.Count, stamped);
            }

            foreach (System.Text.RegularExpressions.Match chart in System.Text.RegularExpressions.Regex.Matches(body, @"\(performance/([\w.-]+\.png)\)"))
            {
                File.Copy(Path.Combine(Path.GetDirectoryName(fresh)!, "performance", chart.Groups[1].Value), Path.Combine(docs, "performance", chart.Groups[1].Value), overwrite: true);
            }
        }

        var md = new StringBuilder(preamble);
        foreach (var (heading, body) in sections)
        {
            md.Append(heading).Append('\n').Append(body.TrimEnd('\n')).Append("\n\n");
        }

        File.WriteAllText(published, md.ToString().TrimEnd('\n') + "\n");
        return published;
    }

    // The text before the first "## " heading, then each section as its heading line and the lines after it.
    private static (string Preamble, List<(string Heading, string Body)> Sections) Split(string markdown)
    {
        var lines = markdown.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var preamble = new StringBuilder();
        var sections = new List<(string Heading, string Body)>();
        StringBuilder? body = null;
        string? heading = null;
        foreach (var line in lines)
        {
            if (line.StartsWith("## ", StringComparison.Ordinal))
            {
                if (heading is not null)
                {
                    sections.Add((heading, body!.ToString()));
                }

                heading = line;
                body = new StringBuilder();
            }
            else if (body is not null)
            {
                body.Append(line).Append('\n');
            }
            else
            {
                preamble.Append(line).Append('\n');
            }
        }

        if (heading is not null)
        {
            sections.Add((heading, body!.ToString()));
        }

        return (preamble.ToString(), sections);
    }
}
