namespace LetsChat.Components.Presence;

/// <summary>
/// The circuit's user's own status as this tab knows it, kept by the status menu (which follows the user's events) and
/// read by whatever must stay quiet while do-not-disturb is on: snackbars, sounds and desktop notifications.
/// </summary>
public sealed class MyStatusState
{
    public MyStatus? Current { get; private set; }

    /// <summary>Raised on the circuit's context when the status changes here or in another tab.</summary>
    public event Action? Changed;

    public bool IsDoNotDisturb(DateTimeOffset now) => Current?.IsDoNotDisturb(now) == true;

    public void Set(MyStatus? status)
    {
        if (status == Current)
        {
            return;
        }

        Current = status;
        Changed?.Invoke();
    }

    /// <summary>Another tab (or the server's sweep) changed what friends see; the choice behind it is read again by the caller.</summary>
    public void Apply(PersonStatus shown)
    {
        if (Current is { } current)
        {
            Set(current with { Availability = shown.Availability, Custom = shown.Custom });
        }
    }
}
