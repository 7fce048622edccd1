namespace LetsChat.Server.Presence;

/// <summary>Something the presence service can close: one circuit, with a reason shown in its tab.</summary>
public interface ICircuitControl
{
    /// <summary>The sign-in session (cookie) the circuit was opened with; null for circuits without one.</summary>
    string? SessionId { get; }

    void Close(string reason);
}
