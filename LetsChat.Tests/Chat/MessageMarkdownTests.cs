using AngleSharp.Html.Parser;
using LetsChat.Components.Chat;
using LetsChat.Server.Chat;

namespace LetsChat.Tests.Chat;

public sealed class MessageMarkdownTests : IDisposable
{
    private static readonly string[] AllowedTags =
        ["p", "br", "em", "strong", "del", "code", "pre", "blockquote", "ul", "ol", "li", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td", "a"];

    private readonly MessageMarkdown _markdown = new();

    public static TheoryData<string> HostileInputs =>
    [
        "<script>alert(1)</script>",
        "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
        "<img src=x onerror=alert(1)>",
        "<a href=\"javascript:alert(1)\">click</a>",
        "[click](javascript:alert(1))",
        "[click](JaVaScRiPt:alert(1))",
        "[click](java\tscript:alert(1))",
        "[click](&#106;avascript:alert(1))",
        "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        "[click](vbscript:msgbox(1))",
        "<javascript:alert(1)>",
        "![pixel](https://tracker.example/p.gif)",
        "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
        "[x](https://example.com \"title\" onmouseover=alert(1))",
        "<div onclick=\"alert(1)\">hi</div>",
        "<iframe src=https://evil.example></iframe>",
        "<style>body{display:none}</style>",
        "<svg><script>alert(1)</script></svg>",
        "**bold *italic `code <b>x</b>",
        "<b><i><u>unclosed",
        "> > > > > > > > > > > > > > > > > > > > deep quote <script>alert(1)</script>",
        new string('[', 3000) + "x" + new string(']', 3000) + "(javascript:alert(1))",
        string.Concat(Enumerable.Repeat("*a ", 1300)),
        new string('x', 4000),
        "| a | b |\n|---|---|\n| <script>alert(1)</script> | [x](javascript:alert(1)) |",
        "```\n<script>alert(1)</script>\n```",
        "[x](/signout)",
        "<a href=\"https://ok.example\" onclick=\"alert(1)\">ok</a>",
    ];

    [Theory]
    [MemberData(nameof(HostileInputs))]
    public void Hostile_input_comes_out_as_harmless_markup(string input)
    {
        var html = _markdown.Render(input);

        var document = new HtmlParser().ParseDocument("<body>" + html + "</body>");
        foreach (var element in document.Body!.QuerySelectorAll("*"))
        {
            AllowedTags.ShouldContain(element.LocalName, $"unexpected <{element.LocalName}> in {html}");
            foreach (var attribute in element.Attributes)
            {
                attribute.Name.ShouldBeOneOf("href", "target", "rel", "start", "style");
                attribute.Name.ShouldNotStartWith("on");
            }

            if (element.GetAttribute("href") is { } href)
            {
                href.ShouldMatch("^(https?://|mailto:)", $"link {href} in {html}");
                element.GetAttribute("rel").ShouldBe("noopener noreferrer nofollow");
                element.GetAttribute("target").ShouldBe("_blank");
            }

            if (element.GetAttribute("style") is { } style)
            {
                style.ShouldMatch("^text-align: ?(left|right|center);?$");
            }
        }

        html.ShouldNotContain("<script", Case.Insensitive);
        html.ShouldNotContain("<img", Case.Insensitive);
    }

    [Fact]
    public void Raw_html_is_shown_as_text()
    {
        _markdown.Render("<script>alert(1)</script>").ShouldBe("<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>");
    }

    [Fact]
    public void Script_links_keep_their_text_and_lose_the_link()
    {
        _markdown.Render("[click me](javascript:alert(1))").ShouldBe("<p>click me</p>");
        _markdown.Render("[data](data:text/html,hi)").ShouldBe("<p>data</p>");
    }

    [Fact]
    public void Images_become_links_and_are_never_fetched()
    {
        _markdown.Render("![a cat](https://cats.example/cat.png)")
            .ShouldBe("<p><a href=\"https://cats.example/cat.png\" target=\"_blank\" rel=\"noopener noreferrer nofollow\">a cat</a></p>");
    }

    [Fact]
    public void Web_and_mail_links_open_in_a_new_tab_and_tell_nothing()
    {
        _markdown.Render("see https://example.com/a?b=1 or [mail](mailto:a@example.com)")
            .ShouldBe("<p>see <a href=\"https://example.com/a?b=1\" target=\"_blank\" rel=\"noopener noreferrer nofollow\">https://example.com/a?b=1</a>"
                + " or <a href=\"mailto:a@example.com\" target=\"_blank\" rel=\"noopener noreferrer nofollow\">mail</a></p>");
    }

    [Fact]
    public void Markdown_people_use_renders()
    {
        var html = _markdown.Render("# Title\n\n*em* **strong** ~~gone~~ `code`\n\n- one\n- two\n\n> quoted\n\n```\nvar x = 1;\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n:smile:");

        html.ShouldContain("<h1>Title</h1>");
        html.ShouldContain("<em>em</em> <strong>strong</strong> <del>gone</del> <code>code</code>");
        html.ShouldContain("<ul>\n<li>one</li>\n<li>two</li>\n</ul>");
        html.ShouldContain("<blockquote>\n<p>quoted</p>\n</blockquote>");
        html.ShouldContain("<pre><code>var x = 1;\n</code></pre>");
        html.ShouldContain("<td>1</td>");
        html.ShouldContain("😄");
    }

    [Fact]
    public void A_message_is_rendered_once_and_again_only_after_an_edit()
    {
        var message = new ChatMessage(7, 1, 1, 1, "Alice", null, "**hi**", DateTimeOffset.UnixEpoch);

        var first = _markdown.Of(message);
        var again = _markdown.Of(message with { });
        var edited = _markdown.Of(message with { Body = "_bye_", EditedAt = DateTimeOffset.UnixEpoch.AddMinutes(1) });

        first.ShouldBe("<p><strong>hi</strong></p>");
        again.ShouldBeSameAs(first);
        edited.ShouldBe("<p><em>bye</em></p>");
        _markdown.Of(message with { IsDeleted = true, Body = "" }).ShouldBeEmpty();
    }

    [Fact]
    public void Previews_stay_plain_text()
    {
        new ChatMessage(1, 1, 1, 1, "Alice", null, "**bold** <script>x</script>", DateTimeOffset.UnixEpoch).Preview
            .ShouldBe("**bold** <script>x</script>");
    }

    public void Dispose() => _markdown.Dispose();
}
