using System.Collections.Concurrent;
using System.Reflection;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Rendering;

namespace LetsChat.Components.Identity;

/// <summary>
/// The routed page in its layout, once the page's <c>[Authorize]</c> data allows the circuit's user, checked on every
/// navigation; otherwise <see cref="NotAuthorized"/> in the default layout. One component in every tab where
/// AuthorizeRouteView is three (itself, its authorizing core and the layout view): the layout is opened directly, so a
/// layout must not have a layout of its own.
/// </summary>
public sealed class AuthorizingRouteView : IComponent
{
    private static readonly ConcurrentDictionary<Type, (IAuthorizeData[]? Rules, Type? Layout)> PageRules = new();

    private RenderHandle _renderHandle;
    private int _navigation;

    [Parameter, EditorRequired] public RouteData RouteData { get; set; } = default!;

    [Parameter] public Type? DefaultLayout { get; set; }

    [Parameter] public RenderFragment<AuthenticationState>? NotAuthorized { get; set; }

    /// <summary>Shown while a policy is still being decided (one that asks the database, as the admin page's does).</summary>
    [Parameter] public RenderFragment? Authorizing { get; set; }

    [Inject] private AuthenticationStateProvider Authentication { get; set; } = default!;

    [Inject] private IAuthorizationPolicyProvider Policies { get; set; } = default!;

    [Inject] private IAuthorizationService Authorization { get; set; } = default!;

    public void Attach(RenderHandle renderHandle) => _renderHandle = renderHandle;

    public async Task SetParametersAsync(ParameterView parameters)
    {
        parameters.SetParameterProperties(this);
        var navigation = ++_navigation;
        var route = RouteData ?? throw new InvalidOperationException($"{nameof(AuthorizingRouteView)} needs a {nameof(RouteData)}.");
        var (rules, layout) = PageRules.GetOrAdd(route.PageType, Read);
        if (rules is null)
        {
            _renderHandle.Render(InLayout(layout ?? DefaultLayout, Page(route)));
            return;
        }

        var deciding = DecideAsync(rules);
        if (!deciding.IsCompleted && Authorizing is not null)
        {
            _renderHandle.Render(InLayout(DefaultLayout, Authorizing));
        }

        var (allowed, state) = await deciding;
        if (navigation != _navigation)
        {
            return; // the reader has gone on to another page meanwhile
        }

        _renderHandle.Render(allowed
            ? InLayout(layout ?? DefaultLayout, Page(route))
            : InLayout(DefaultLayout, NotAuthorized?.Invoke(state) ?? (builder => builder.AddContent(0, "Not authorized"))));
    }

    private async Task<(bool Allowed, AuthenticationState State)> DecideAsync(IAuthorizeData[] rules)
    {
        var state = await Authentication.GetAuthenticationStateAsync();
        var policy = await AuthorizationPolicy.CombineAsync(Policies, rules) ?? throw new InvalidOperationException("A page's [Authorize] data made no policy.");
        return ((await Authorization.AuthorizeAsync(state.User, resource: null, policy)).Succeeded, state);
    }

    // A page anyone may see has no rules; [AllowAnonymous] wins over [Authorize], as on the server's endpoints.
    private static (IAuthorizeData[]?, Type?) Read(Type page)
    {
        var attributes = page.GetCustomAttributes(inherit: true);
        var rules = attributes.OfType<IAllowAnonymous>().Any() ? [] : attributes.OfType<IAuthorizeData>().ToArray();
        return (rules.Length == 0 ? null : rules, page.GetCustomAttribute<LayoutAttribute>()?.LayoutType);
    }

    private static RenderFragment Page(RouteData route) => builder =>
    {
        builder.OpenComponent(0, route.PageType);
        foreach (var (name, value) in route.RouteValues)
        {
            builder.AddComponentParameter(1, name, value);
        }

        builder.CloseComponent();
    };

    private static RenderFragment InLayout(Type? layout, RenderFragment body) => layout is null ? body : builder =>
    {
        builder.OpenComponent(0, layout);
        builder.AddComponentParameter(1, nameof(LayoutComponentBase.Body), body);
        builder.CloseComponent();
    };
}
