using Bunit;
using LetsChat.Components.Identity;
using LetsChat.Tests.Support;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;

namespace LetsChat.Tests.Identity;

/// <summary>The router's own check of a page's [Authorize] policy, made on every navigation inside a tab.</summary>
public sealed class AuthorizingRouteViewTests : ComponentTest
{
    [Fact]
    public void A_page_for_a_policy_the_user_does_not_meet_shows_what_not_authorized_says_in_the_default_layout()
    {
        AddAuthorization().SetAuthorized("Bob");

        var view = RenderRoute(typeof(ModeratorsPage));

        view.Find(".layout .refused").TextContent.ShouldBe("Not for Bob");
        view.FindAll(".secret").ShouldBeEmpty();
    }

    [Fact]
    public void A_page_for_a_policy_the_user_meets_renders_in_its_layout_with_the_route_values()
    {
        AddAuthorization().SetAuthorized("Mod").SetPolicies("Moderator");

        var view = RenderRoute(typeof(ModeratorsPage), new Dictionary<string, object?> { ["Id"] = 7L });

        view.Find(".layout .secret").TextContent.ShouldBe("Room 7");
    }

    [Fact]
    public void A_page_without_rules_or_allowing_anyone_renders_for_someone_signed_out()
    {
        AddAuthorization();

        RenderRoute(typeof(OpenPage)).Find(".layout .open").TextContent.ShouldBe("Anyone");
        RenderRoute(typeof(AnonymousPage)).Find(".layout .open").TextContent.ShouldBe("Anyone, though the class says sign in");
    }

    private IRenderedComponent<AuthorizingRouteView> RenderRoute(Type page, Dictionary<string, object?>? values = null) =>
        Render<AuthorizingRouteView>(p => p
            .Add(v => v.RouteData, new RouteData(page, values ?? []))
            .Add(v => v.DefaultLayout, typeof(TestLayout))
            .Add(v => v.NotAuthorized, state => builder =>
            {
                builder.OpenElement(0, "p");
                builder.AddAttribute(1, "class", "refused");
                builder.AddContent(2, $"Not for {state.User.Identity?.Name}");
                builder.CloseElement();
            }));

    private sealed class TestLayout : LayoutComponentBase
    {
        protected override void BuildRenderTree(RenderTreeBuilder builder)
        {
            builder.OpenElement(0, "div");
            builder.AddAttribute(1, "class", "layout");
            builder.AddContent(2, Body);
            builder.CloseElement();
        }
    }

    [Authorize(Policy = "Moderator")]
    private sealed class ModeratorsPage : ComponentBase
    {
        [Parameter] public long Id { get; set; }

        protected override void BuildRenderTree(RenderTreeBuilder builder)
        {
            builder.OpenElement(0, "p");
            builder.AddAttribute(1, "class", "secret");
            builder.AddContent(2, $"Room {Id}");
            builder.CloseElement();
        }
    }

    private class OpenPage : ComponentBase
    {
        protected virtual string Text => "Anyone";

        protected override void BuildRenderTree(RenderTreeBuilder builder)
        {
            builder.OpenElement(0, "p");
            builder.AddAttribute(1, "class", "open");
            builder.AddContent(2, Text);
            builder.CloseElement();
        }
    }

    [Authorize, AllowAnonymous]
    private sealed class AnonymousPage : OpenPage
    {
        protected override string Text => "Anyone, though the class says sign in";
    }
}
