using LetsChat.Server.Profiles;

namespace LetsChat.Tests.Profiles;

public sealed class DisplayNamesAndHandlesTests
{
    [Theory]
    [InlineData("  Alice  ", "Alice")]
    [InlineData("Alice\t\n  Smith", "Alice Smith")]
    [InlineData("evil\u202Egnp.exe", "evilgnp.exe")]
    [InlineData("zero\u200Bwidth", "zerowidth")]
    [InlineData("bell\u0007name", "bellname")]
    [InlineData("family 👨‍👩‍👧", "family 👨‍👩‍👧")]
    public void Display_names_are_trimmed_and_cleaned_of_invisible_and_reordering_characters(string raw, string expected) =>
        DisplayNames.Clean(raw).ShouldBe(expected);

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\u202A\u202C\u2066")]
    public void A_name_with_nothing_printable_is_no_name(string? raw) => DisplayNames.Clean(raw).ShouldBeNull();

    [Fact]
    public void Long_names_are_cut_to_fifty_characters_without_splitting_a_character()
    {
        var name = new string('a', 49) + "👍👍";

        var cleaned = DisplayNames.Clean(name)!;

        cleaned.ShouldBe(new string('a', 49));
        DisplayNames.Clean(new string('b', 80))!.Length.ShouldBe(50);
    }

    [Theory]
    [InlineData("octocat", "octocat")]
    [InlineData("Alice Smith", "Alice_Smith")]
    [InlineData("Zoë Ångström", "Zoe_Angstrom")]
    [InlineData("a", "user_a")]
    [InlineData("李小龙", "user")]
    [InlineData("..--__x", "user_x")]
    public void Handles_are_proposed_from_what_the_provider_knows(string seed, string expected)
    {
        var handle = Handles.Propose(seed);

        handle.ShouldBe(expected);
        Handles.IsValid(handle).ShouldBeTrue();
    }

    [Fact]
    public void A_proposed_handle_is_at_most_32_characters() =>
        Handles.Propose(new string('x', 100)).Length.ShouldBe(32);

    [Theory]
    [InlineData("ab", false)]
    [InlineData("abc", true)]
    [InlineData("a.b-c_d", true)]
    [InlineData("has space", false)]
    [InlineData("<script>", false)]
    public void Handle_rules(string handle, bool valid) => Handles.IsValid(handle).ShouldBe(valid);
}
