using LetsChat.Server.Admin;

namespace LetsChat.Tests.Admin;

/// <summary>CSV cells as RFC 4180 quotes them, and as a spreadsheet will never run them.</summary>
public sealed class CsvTests
{
    [Theory]
    [InlineData("plain words", "plain words")]
    [InlineData("a, b", "\"a, b\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("two\nlines", "\"two\nlines\"")]
    [InlineData("=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0")]
    [InlineData("+1", "'+1")]
    [InlineData("-1", "'-1")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("\t=1", "'\t=1")]
    [InlineData("\r=1", "\"'\r=1\"")]
    [InlineData("=1,2", "\"'=1,2\"")]
    [InlineData("a=b", "a=b")]
    [InlineData("", "")]
    [InlineData(null, "")]
    public void A_cell_is_quoted_when_it_must_be_and_never_starts_like_a_formula(string? value, string cell) =>
        Csv.Cell(value).ShouldBe(cell);

    [Fact]
    public void A_line_joins_its_cells_with_commas_and_ends_with_crlf() =>
        Csv.Line("a", null, "b,c").ShouldBe("a,,\"b,c\"\r\n");
}
