namespace LetsChat.Components.Shared;

/// <summary>
/// The reader's time zone for this circuit. A scoped service rather than a cascading value: a changing cascade is a
/// component in every tab plus a parameter snapshot in every component that reads it.
/// </summary>
public sealed class ReaderTimeZone
{
    public TimeZoneInfo Zone { get; private set; } = TimeZoneInfo.Utc;

    /// <summary>Raised on the circuit's context when the zone changes (once, when the browser reports it late).</summary>
    public event Action? Changed;

    public void Set(TimeZoneInfo zone)
    {
        if (zone.Id == Zone.Id)
        {
            return;
        }

        Zone = zone;
        Changed?.Invoke();
    }
}
