using LetsChat.Components.Presence;

namespace LetsChat.Server.Presence;

/// <summary>
/// This circuit as the presence service sees it (scoped: one per circuit). Once closed, every service refuses its
/// calls, and the layout shows the reason instead of the app.
/// </summary>
public sealed class UserCircuit : ICircuitStatus, ICircuitControl
{
    private string? _closedReason;

    public string? ClosedReason => Volatile.Read(ref _closedReason);

    /// <summary>The client address of a visitor's circuit (not signed in); set when the circuit opens.</summary>
    public System.Net.IPAddress? VisitorAddress { get; set; }

    /// <summary>The sign-in session whose cookie opened this circuit; set when the circuit opens.</summary>
    public string? SessionId { get; set; }

    public event Action? Closed;

    public void Close(string reason)
    {
        if (Interlocked.CompareExchange(ref _closedReason, reason, null) is null)
        {
            Closed?.Invoke();
        }
    }
}
