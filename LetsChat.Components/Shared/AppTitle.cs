using Microsoft.AspNetCore.Components;

namespace LetsChat.Components.Shared;

/// <summary>
/// The tab title of a signed-in page, as markup: letschat.js puts it in document.title after the unread count the
/// room list shows (<c>data-unread</c>). No component and no JS call per tab; PageTitle/HeadOutlet would put section
/// components in every open tab.
/// </summary>
public static class AppTitle
{
    public static RenderFragment Of(string text) => builder =>
    {
        builder.OpenElement(0, "span");
        builder.AddAttribute(1, "hidden", true);
        builder.AddAttribute(2, "data-page-title", text);
        builder.CloseElement();
    };
}
