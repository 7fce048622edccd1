using System.Net;
using LetsChat.Server.Identity;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.Extensions.Options;

namespace LetsChat.Server.Presence;

/// <summary>
/// The circuits of people who have not signed in, by client address: at most
/// <see cref="PresenceOptions.MaxVisitorCircuitsPerAddress"/>, the oldest closed when one more opens (the newest is
/// the one a person is looking at).
/// </summary>
public sealed class VisitorCircuits(IOptionsMonitor<PresenceOptions> options)
{
    public const string TooMany = "Too many Let's Chat tabs are open from your network. Reload to use this one.";

    private readonly Dictionary<IPAddress, LinkedList<UserCircuit>> _byAddress = [];
    private readonly Lock _lock = new();

    public int CountFrom(IPAddress address)
    {
        lock (_lock)
        {
            return _byAddress.TryGetValue(address, out var circuits) ? circuits.Count : 0;
        }
    }

    internal void Opened(IPAddress address, UserCircuit circuit)
    {
        List<UserCircuit> closing = [];
        lock (_lock)
        {
            if (!_byAddress.TryGetValue(address, out var circuits))
            {
                _byAddress[address] = circuits = [];
            }

            circuits.AddLast(circuit);
            while (circuits.Count > Math.Max(1, options.CurrentValue.MaxVisitorCircuitsPerAddress))
            {
                closing.Add(circuits.First!.Value);
                circuits.RemoveFirst();
            }
        }

        foreach (var oldest in closing)
        {
            oldest.Close(TooMany);
        }
    }

    internal void Closed(IPAddress address, UserCircuit circuit)
    {
        lock (_lock)
        {
            if (_byAddress.TryGetValue(address, out var circuits) && circuits.Remove(circuit) && circuits.Count == 0)
            {
                _byAddress.Remove(address);
            }
        }
    }
}

/// <summary>Counts each circuit of someone not signed in against their client address.</summary>
internal sealed class VisitorCircuitHandler(VisitorCircuits visitors, AuthenticationStateProvider authentication, IHttpContextAccessor http, UserCircuit userCircuit)
    : CircuitHandler
{
    private IPAddress? _address;

    public override int Order => -95;

    public override async Task OnCircuitOpenedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        var state = await authentication.GetAuthenticationStateAsync();
        if (LetsChatClaims.ToSignedInUser(state.User) is null && http.HttpContext?.Connection.RemoteIpAddress is { } address)
        {
            _address = address;
            visitors.Opened(address, userCircuit);
        }
    }

    public override Task OnCircuitClosedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        if (_address is { } address)
        {
            visitors.Closed(address, userCircuit);
        }

        return Task.CompletedTask;
    }
}
