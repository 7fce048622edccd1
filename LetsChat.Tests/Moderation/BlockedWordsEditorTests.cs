using Bunit;
using LetsChat.Components.Moderation;
using LetsChat.Components.Shared;
using LetsChat.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace LetsChat.Tests.Moderation;

/// <summary>The blocked words on /admin: listed, added with what they do, removed.</summary>
public sealed class BlockedWordsEditorTests : ComponentTest
{
    private readonly FakeModeration _moderation = new();

    public BlockedWordsEditorTests() => Services.AddSingleton<IModeration>(_moderation);

    [Fact]
    public void A_word_is_added_to_hold_messages_for_review_then_removed_by_its_own_button()
    {
        var editor = Render<BlockedWordsEditor>();
        editor.Find(".empty-state-inline").TextContent.ShouldBe("No blocked words yet.");
        editor.Find("section").GetAttribute("aria-labelledby").ShouldBe("blocked-words-heading");
        editor.Find("label[for=blocked-word]").TextContent.ShouldBe("Blocked word");
        editor.Find("label[for=blocked-word-action]").TextContent.ShouldBe("When a message contains it");
        editor.FindAll("#blocked-word-action option").Select(o => o.TextContent).ShouldBe(["Refuse the message", "Hold for review"]);

        editor.Find("#blocked-word").Input("cheap pills");
        editor.Find("#blocked-word-action").Change("Hold");
        editor.Find("form").Submit();

        _moderation.Calls.ShouldBe(["Add word cheap pills Hold"]);
        editor.Find("[role=status]").TextContent.ShouldBe("Done by the fake.");
        editor.Find("#blocked-word").GetAttribute("value").ShouldBe(string.Empty);
        editor.Find(".blocked-word-list li").TextContent.ShouldContain("Hold for review");

        editor.Find("button[aria-label='Remove cheap pills']").Click();

        _moderation.Calls.Last().ShouldBe("Remove word 100");
        editor.FindAll(".blocked-word-list li").ShouldBeEmpty();
    }

    [Fact]
    public void A_refused_word_stays_in_the_box_with_the_reason_as_an_alert()
    {
        _moderation.NextResult = Outcome.Refused("That word is blocked already.");
        var editor = Render<BlockedWordsEditor>();

        editor.Find("#blocked-word").Input("spam");
        editor.Find("form").Submit();

        editor.Find("[role=alert]").TextContent.ShouldBe("That word is blocked already.");
        editor.Find("#blocked-word").GetAttribute("value").ShouldBe("spam");
    }
}
