using Bunit;
using LetsChat.Components.Chat;
using LetsChat.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace LetsChat.Tests.Chat;

public sealed class TypingIndicatorTests : ComponentTest
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));

    public TypingIndicatorTests() => Services.AddSingleton<TimeProvider>(_time);

    private static string Text(IRenderedComponent<TypingIndicator> indicator) => indicator.Find(".typing-indicator").TextContent;

    private static void Apply(IRenderedComponent<TypingIndicator> indicator, Action<TypingIndicator> change) =>
        indicator.InvokeAsync(() =>
        {
            change(indicator.Instance);
            indicator.Instance.Update();
        });

    [Fact]
    public void Names_who_is_typing_and_clears_when_they_send()
    {
        var indicator = Render<TypingIndicator>();
        Text(indicator).ShouldBeEmpty();

        Apply(indicator, i => i.Typing(2, "Alice"));
        Text(indicator).ShouldBe("Alice is typing…");
        indicator.Find(".typing-indicator").GetAttribute("aria-live").ShouldBe("polite");

        Apply(indicator, i => i.Typing(3, "Bob"));
        Text(indicator).ShouldBe("Alice and Bob are typing…");

        Apply(indicator, i => i.Stopped(2));
        Text(indicator).ShouldBe("Bob is typing…");
    }

    [Fact]
    public void Renders_only_when_the_sentence_changes()
    {
        var indicator = Render<TypingIndicator>();
        Apply(indicator, i =>
        {
            i.Typing(2, "Alice");
            i.Typing(3, "Bob");
            i.Typing(4, "Carol");
        });
        var renders = indicator.RenderCount;
        Text(indicator).ShouldBe("Several people are typing…");

        Apply(indicator, i => i.Typing(5, "Dave"));
        Apply(indicator, i => i.Stopped(2));
        Apply(indicator, i => i.Typing(2, "Alice"));

        indicator.RenderCount.ShouldBe(renders);
        Text(indicator).ShouldBe("Several people are typing…");
    }

    [Fact]
    public void A_notice_that_is_not_repeated_fades_after_five_seconds()
    {
        var indicator = Render<TypingIndicator>();
        Apply(indicator, i => i.Typing(2, "Alice"));
        _time.Advance(TimeSpan.FromSeconds(3));
        Apply(indicator, i => i.Typing(3, "Bob"));

        _time.Advance(TimeSpan.FromSeconds(2));
        indicator.WaitForAssertion(() => Text(indicator).ShouldBe("Bob is typing…"));

        _time.Advance(TimeSpan.FromSeconds(3));
        indicator.WaitForAssertion(() => Text(indicator).ShouldBeEmpty());
    }
}
