using Bunit;
using LetsChat.Components.Shared;
using LetsChat.Tests.Support;
using Microsoft.AspNetCore.Components;

namespace LetsChat.Tests.Shared;

/// <summary>A part of the screen that fails says what failed and tries again on request, instead of ending the circuit.</summary>
public sealed class RecoverableTests : ComponentTest
{
    [Fact]
    public void A_part_that_fails_to_load_shows_what_failed_and_loads_again_on_Try_again()
    {
        var attempts = 0;
        RenderFragment flaky = builder =>
        {
            builder.OpenComponent<Flaky>(0);
            builder.AddAttribute(1, nameof(Flaky.FailFirst), (Func<bool>)(() => ++attempts == 1));
            builder.CloseComponent();
        };

        var cut = Render<Recoverable>(p => p.Add(r => r.Message, "Your rooms could not be loaded.").Add(r => r.ChildContent, flaky));

        cut.Find("[role=alert]").TextContent.ShouldContain("Your rooms could not be loaded.");
        cut.FindAll(".flaky").ShouldBeEmpty();
        cut.Find("[role=alert] button").Click();
        cut.Find(".flaky").TextContent.ShouldBe("loaded");
        cut.FindAll("[role=alert]").ShouldBeEmpty();
    }

    [Fact]
    public void A_compact_part_names_what_failed_on_its_icon_button()
    {
        RenderFragment failing = builder =>
        {
            builder.OpenComponent<Flaky>(0);
            builder.AddAttribute(1, nameof(Flaky.FailFirst), (Func<bool>)(() => true));
            builder.CloseComponent();
        };

        var cut = Render<Recoverable>(p => p.Add(r => r.Message, "Notifications could not be loaded.").Add(r => r.Compact, true).Add(r => r.ChildContent, failing));

        cut.Find("[role=alert] button").GetAttribute("aria-label").ShouldBe("Notifications could not be loaded. Try again");
    }

    private sealed class Flaky : ComponentBase
    {
        [Parameter] public Func<bool> FailFirst { get; set; } = () => false;

        protected override Task OnInitializedAsync() =>
            FailFirst() ? Task.FromException(new InvalidOperationException("the database did not answer")) : Task.CompletedTask;

        protected override void BuildRenderTree(Microsoft.AspNetCore.Components.Rendering.RenderTreeBuilder builder) =>
            builder.AddMarkupContent(0, "<span class=\"flaky\">loaded</span>");
    }
}
