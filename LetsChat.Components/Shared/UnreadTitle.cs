namespace LetsChat.Components.Shared;

/// <summary>
/// The circuit's unread count for the browser tab's title (scoped: one per circuit). The room list sets it; the
/// page title shows it, so a person sees "(3)" in their tab bar while they are elsewhere.
/// </summary>
public sealed class UnreadTitle
{
    public long Unread { get; private set; }

    public event Action? Changed;

    public void Set(long unread)
    {
        if (unread != Unread)
        {
            Unread = unread;
            Changed?.Invoke();
        }
    }
}
