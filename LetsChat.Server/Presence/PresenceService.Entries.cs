using System.Collections.Concurrent;
using System.Threading.Channels;
using LetsChat.Components.Presence;
using Microsoft.Extensions.Options;

namespace LetsChat.Server.Presence;

/// <summary>What presence keeps per user and per circuit.</summary>
public sealed partial class PresenceService
{
    internal readonly record struct CircuitChange(long UserId, string CircuitId, bool Opened);

    private sealed class UserPresence(long userId)
    {
        public long UserId { get; } = userId;
        public Dictionary<string, CircuitEntry> Circuits { get; } = [];
        public bool IsOnline { get; set; }
        public DateTimeOffset? LastSeenAt { get; set; }
        public ITimer? GraceTimer { get; set; }
        public bool Removed { get; set; }
        public bool HasConnectedCircuit => Circuits.Values.Any(c => c.Connected);

        public int CircuitCount
        {
            get
            {
                lock (this)
                {
                    return Circuits.Count;
                }
            }
        }

        public int ConnectedCircuitCount
        {
            get
            {
                lock (this)
                {
                    return Circuits.Values.Count(c => c.Connected);
                }
            }
        }
    }

    private sealed class CircuitEntry(long order, ICircuitControl control)
    {
        public long Order { get; } = order;
        public ICircuitControl Control { get; } = control;
        public bool Connected { get; set; } = true;
    }
}
