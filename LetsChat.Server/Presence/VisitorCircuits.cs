using System.Net;
using System.Threading.Channels;
using LetsChat.Server.Identity;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.Extensions.Options;

namespace LetsChat.Server.Presence;

/// <summary>
/// The circuits of people who have not signed in, by client address: at most
/// <see cref="PresenceOptions.MaxVisitorCircuitsPerAddress"/>, the oldest closed when one more opens (the newest is
/// the one a person is looking at). This instance's own circuits are capped here; with Redis,
/// <see cref="RedisVisitorCircuits"/> holds the same cap across every instance.
/// </summary>
public sealed class VisitorCircuits(IOptionsMonitor<PresenceOptions> options)
{
    public const string TooMany = "Too many Let's Chat tabs are open from your network. Reload to use this one.";

    private readonly Dictionary<IPAddress, LinkedList<string>> _byAddress = [];
    private readonly Dictionary<string, UserCircuit> _byId = [];
    private readonly Lock _lock = new();
    private Channel<VisitorCircuitChange>? _changes;

    internal int Cap => Math.Max(1, options.CurrentValue.MaxVisitorCircuitsPerAddress);

    public int CountFrom(IPAddress address)
    {
        lock (_lock)
        {
            return _byAddress.TryGetValue(address, out var circuits) ? circuits.Count : 0;
        }
    }

    internal void Opened(IPAddress address, string circuitId, UserCircuit circuit)
    {
        List<string> closing = [];
        lock (_lock)
        {
            if (!_byAddress.TryGetValue(address, out var circuits))
            {
                _byAddress[address] = circuits = [];
            }

            circuits.AddLast(circuitId);
            _byId[circuitId] = circuit;
            _changes?.Writer.TryWrite(new VisitorCircuitChange(address, circuitId, Opened: true));
            while (circuits.Count > Cap)
            {
                closing.Add(circuits.First!.Value);
                circuits.RemoveFirst();
            }
        }

        foreach (var oldest in closing)
        {
            Close(address, oldest);
        }
    }

    internal void Closed(IPAddress address, string circuitId)
    {
        lock (_lock)
        {
            _byId.Remove(circuitId);
            if (_byAddress.TryGetValue(address, out var circuits) && circuits.Remove(circuitId) && circuits.Count == 0)
            {
                _byAddress.Remove(address);
            }

            _changes?.Writer.TryWrite(new VisitorCircuitChange(address, circuitId, Opened: false));
        }
    }

    /// <summary>Ends a visitor's circuit on this instance, over the cap here or on another instance; false when it is not here.</summary>
    internal bool Close(IPAddress address, string circuitId)
    {
        UserCircuit? circuit;
        lock (_lock)
        {
            if (!_byId.TryGetValue(circuitId, out circuit))
            {
                return false;
            }
        }

        // Counted out at once (here and in Redis), although the circuit itself ends a moment later.
        Closed(address, circuitId);
        circuit.Close(TooMany);
        return true;
    }

    /// <summary>Every opening and closing from now on, in order, for <see cref="RedisVisitorCircuits"/> to share.</summary>
    internal ChannelReader<VisitorCircuitChange> TrackChanges()
    {
        Interlocked.CompareExchange(ref _changes, Channel.CreateUnbounded<VisitorCircuitChange>(new UnboundedChannelOptions { SingleReader = true }), null);
        return _changes.Reader;
    }
}

internal readonly record struct VisitorCircuitChange(IPAddress Address, string CircuitId, bool Opened);

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
            userCircuit.VisitorAddress = address;
            visitors.Opened(address, circuit.Id, userCircuit);
        }
    }

    public override Task OnCircuitClosedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        if (_address is { } address)
        {
            visitors.Closed(address, circuit.Id);
        }

        return Task.CompletedTask;
    }
}
