using Bunit;
using LetsChat.Components.Chat;
using LetsChat.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace LetsChat.Tests.Chat;

public sealed class ComposerTests : ComponentTest
{
    private readonly FakeTimeProvider _time = new();
    private readonly List<string> _sent = [];
    private int _typing;

    public ComposerTests() => Services.AddSingleton<TimeProvider>(_time);

    private IRenderedComponent<Composer> RenderComposer(bool canWrite = true) =>
        Render<Composer>(p => p
            .Add(c => c.CanWrite, canWrite)
            .Add(c => c.OnSend, message => _sent.Add(message.Text))
            .Add(c => c.OnTyping, () => _typing++));

    [Fact]
    public async Task Submitting_hands_on_the_trimmed_text_and_clears_the_box()
    {
        var composer = RenderComposer();

        composer.Find("textarea").Input("  Hello there \n");
        await composer.Find("form").SubmitAsync();

        _sent.ShouldBe(["Hello there"]);
        composer.Find("textarea").GetAttribute("value").ShouldBe(string.Empty);
        composer.FindAll("[role=alert]").ShouldBeEmpty();
    }

    [Theory]
    [InlineData("   ", "Write something before sending.")]
    [InlineData(null, "at most 4,000 characters")]
    public async Task A_refused_text_shows_an_alert_stays_in_the_box_and_is_not_sent(string? text, string alert)
    {
        var composer = RenderComposer();
        text ??= new string('a', 4001);

        composer.Find("textarea").Input(text);
        await composer.Find("form").SubmitAsync();

        composer.Find("[role=alert]").TextContent.ShouldContain(alert);
        composer.Find("textarea").GetAttribute("value").ShouldBe(text);
        _sent.ShouldBeEmpty();
    }

    [Fact]
    public void The_counter_appears_near_the_limit_and_marks_an_over_long_text()
    {
        var composer = RenderComposer();

        composer.Find("textarea").Input(new string('a', 3000));
        composer.FindAll(".composer-count").ShouldBeEmpty();
        composer.Find("textarea").Input(new string('a', 4001));

        composer.Find(".composer-count").ClassList.ShouldContain("over");
        composer.Find(".composer-count").TextContent.ShouldBe("4,001 / 4,000");
    }

    [Fact]
    public void Typing_is_reported_at_most_every_three_seconds()
    {
        var composer = RenderComposer();

        for (var i = 1; i <= 10; i++)
        {
            composer.Find("textarea").Input(new string('a', i));
            _time.Advance(TimeSpan.FromMilliseconds(500));
        }

        _typing.ShouldBe(2); // at 0 s and at 3 s of the 5 s of typing
    }

    [Fact]
    public void In_a_room_the_user_cannot_write_in_the_box_and_button_are_disabled()
    {
        var composer = RenderComposer(canWrite: false);

        composer.Find("textarea").HasAttribute("disabled").ShouldBeTrue();
        composer.Find("button[type=submit]").HasAttribute("disabled").ShouldBeTrue();
        composer.Find("[role=status]").TextContent.ShouldBe("You cannot write in this room.");
    }

    [Fact]
    public void The_box_and_button_have_the_accessible_names_of_the_contract()
    {
        var composer = RenderComposer();

        composer.Find("textarea").GetAttribute("aria-label").ShouldBe("Message");
        composer.Find("button[type=submit]").GetAttribute("aria-label").ShouldBe("Send");
    }
}
