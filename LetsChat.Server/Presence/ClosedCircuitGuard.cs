using Microsoft.AspNetCore.Components.Server.Circuits;

namespace LetsChat.Server.Presence;

/// <summary>
/// Ends a closed circuit's connection on the server. Closing a circuit (the cap, a ban, a sign-out) shows its notice,
/// which asks the browser to disconnect; a client that ignores it would keep the connection. Shortly after the notice
/// has gone out, the connection is aborted here, and a reconnect of a closed circuit is aborted at once.
/// </summary>
internal sealed class ClosedCircuitGuard(UserCircuit userCircuit, IHttpContextAccessor http) : CircuitHandler, IDisposable
{
    /// <summary>Time for the notice to reach a well-behaved browser before the connection goes.</summary>
    public static readonly TimeSpan NoticeTime = TimeSpan.FromSeconds(2);

    private HttpContext? _connection;
    private Timer? _abort;

    public override int Order => -80;

    public override Task OnConnectionUpAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        _connection = http.HttpContext;
        if (userCircuit.ClosedReason is not null)
        {
            _connection?.Abort();
        }
        else
        {
            userCircuit.Closed -= AbortSoon;
            userCircuit.Closed += AbortSoon;
        }

        return Task.CompletedTask;
    }

    public override Task OnConnectionDownAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        _connection = null;
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        userCircuit.Closed -= AbortSoon;
        _abort?.Dispose();
    }

    private void AbortSoon() =>
        _abort = new Timer(static state => ((ClosedCircuitGuard)state!)._connection?.Abort(), this, NoticeTime, Timeout.InfiniteTimeSpan);
}
