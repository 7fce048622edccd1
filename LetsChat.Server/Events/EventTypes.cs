using System.Collections.Frozen;
using System.Reflection;
using System.Text.Json;
using LetsChat.Components.Chat;
using LetsChat.Components.Shared;

namespace LetsChat.Server.Events;

/// <summary>
/// The events that may travel between instances: every non-abstract record deriving from <see cref="RoomEvent"/> or
/// <see cref="UserEvent"/> in the components assembly, found once at start-up. A name read from Redis is only ever
/// looked up in this list, never loaded as a type.
/// </summary>
public sealed class EventTypes
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly FrozenDictionary<string, Type> _byName;

    public EventTypes()
        : this(typeof(RoomEvent).Assembly)
    {
    }

    internal EventTypes(Assembly assembly) =>
        _byName = assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false, IsGenericTypeDefinition: false }
                        && (typeof(RoomEvent).IsAssignableFrom(t) || typeof(UserEvent).IsAssignableFrom(t)))
            .ToFrozenDictionary(t => t.FullName!, StringComparer.Ordinal);

    public IEnumerable<Type> Known => _byName.Values;

    public bool CanCarry(Type type) => type.FullName is { } name && _byName.TryGetValue(name, out var known) && known == type;

    /// <summary>An event as it travels: its type's name, the instance that sent it, and the event as JSON.</summary>
    public byte[] Serialize(object @event, string origin) =>
        JsonSerializer.SerializeToUtf8Bytes(new Envelope(@event.GetType().FullName!, origin, JsonSerializer.SerializeToElement(@event, @event.GetType(), Json)), Json);

    /// <summary>Reads an envelope; null when the type is not one of ours (a newer or foreign sender) or the JSON is broken.</summary>
    public (object Event, string Origin)? Deserialize(ReadOnlySpan<byte> payload)
    {
        try
        {
            var envelope = JsonSerializer.Deserialize<Envelope>(payload, Json);
            if (envelope is null || !_byName.TryGetValue(envelope.Type, out var type))
            {
                return null;
            }

            return envelope.Event.Deserialize(type, Json) is { } @event ? (@event, envelope.Origin) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private sealed record Envelope(string Type, string Origin, JsonElement Event);
}
