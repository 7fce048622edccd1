using LetsChat.Components.Admin;
using LetsChat.Components.Shared;
using LetsChat.Server.Profiles;
using LetsChat.Tests.Support;

namespace LetsChat.Tests.Security;

/// <summary>One cleaning rule per kind of text, used by every writer: bodies, names, and one-line reasons.</summary>
public sealed class TextCleaningTests
{
    [Theory]
    [InlineData("a\u200Bb", "ab")] // zero-width space
    [InlineData("a\u2060b\uFEFF", "ab")] // word joiner, byte order mark
    [InlineData("hi\U000E0068\U000E0069", "hi")] // tag characters hiding text
    [InlineData("a\u00ADb", "ab")] // soft hyphen
    [InlineData("\u202Eevil", "evil")] // bidi override
    public void Bodies_lose_invisible_characters(string written, string stored) => PlainText.Clean(written).ShouldBe(stored);

    [Theory]
    [InlineData("👨\u200D👩\u200D👧")] // a family: zero-width joiners
    [InlineData("\U0001F3F4\U000E0067\U000E0062\U000E0065\U000E006E\U000E0067\U000E007F")] // England's flag: tag characters after a black flag
    [InlineData("می\u200Cخواهم")] // Persian needs the zero-width non-joiner
    [InlineData("Việt Nam")]
    public void Bodies_keep_what_scripts_and_emoji_need(string text) => PlainText.Clean(text).ShouldBe(text);

    [Fact]
    public void A_tower_of_combining_marks_is_cut_to_a_few_per_character()
    {
        var zalgo = "Z" + new string('\u0301', 40) + "a" + new string('\u0300', 2);

        PlainText.Clean(zalgo).ShouldBe("Z" + new string('\u0301', PlainText.MaxCombiningMarks) + "a" + new string('\u0300', 2));
        DisplayNames.Clean(zalgo).ShouldBe("Z" + new string('\u0301', PlainText.MaxCombiningMarks) + "a" + new string('\u0300', 2));
    }

    [Theory]
    [InlineData("\u3164")] // Hangul filler
    [InlineData("\u2800\u2800")] // blank braille pattern
    [InlineData("\u115F\u1160\uFFA0")]
    [InlineData("\u200B\u2060")]
    public void A_name_of_blank_lookalikes_is_no_name(string name) => DisplayNames.Clean(name).ShouldBeNull();

    [Fact]
    public void Blank_lookalikes_inside_a_name_go_like_spaces() => DisplayNames.Clean("Bob\u3164\u3164Smith\u2800").ShouldBe("Bob Smith");

    [Fact]
    public void A_reason_is_one_clean_line_cut_between_characters()
    {
        var reason = new string('a', 499) + "😀 and more";

        PlainText.Line(reason, 500).ShouldBe(new string('a', 499));
        PlainText.Line("spam\nand\u202E more\u200B", 500).ShouldBe("spam and more");
        PlainText.Line(" \u200B ", 500).ShouldBeNull();
    }
}

/// <summary>The moderators' reasons go through the same rule on their way to the database and the banned user's screen.</summary>
public sealed class ModerationReasonTests : IAsyncLifetime
{
    private readonly LetsChatApp _app = new(new Dictionary<string, string?> { ["LetsChat:Moderators:0"] = "mod@example.com" });

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public async Task Ban_and_mute_reasons_are_cleaned_and_cut_without_splitting_a_character()
    {
        var mod = await _app.CreateUserAsync("Mod", "mod@example.com");
        var bob = await _app.CreateUserAsync("Bob");
        var carol = await _app.CreateUserAsync("Carol");
        await using var circuit = _app.OpenCircuit(mod);
        var admin = circuit.Get<IAdminService>();

        (await admin.BanAsync(bob.Id, "spam\u202E\u200B\nlinks" + new string('x', 489) + "😀")).Succeeded.ShouldBeTrue();
        (await admin.MuteAsync(carol.Id, TimeSpan.FromHours(1), "\u2066rude\u0000")).Succeeded.ShouldBeTrue();

        await using var db = await _app.CreateDbAsync();
        var banReason = db.Users.Single(u => u.Id == bob.Id).BanReason!;
        banReason.ShouldBe("spam links" + new string('x', 489));
        db.AuditEntries.Where(a => a.TargetUserId == carol.Id).Select(a => a.Reason).Single()!.ShouldEndWith(": rude");
    }
}
