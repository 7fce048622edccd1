using System.Collections.Concurrent;
using LetsChat.Server.Identity;

namespace LetsChat.Tests.Support;

/// <summary>The circuits a test opens, one per person unless it asks for another tab; all closed at the end.</summary>
public sealed class CircuitPool(LetsChatApp app) : IAsyncDisposable
{
    private readonly List<CircuitScope> _all = [];
    private readonly Dictionary<long, CircuitScope> _byUser = [];

    public CircuitScope For(User user, bool newTab = false)
    {
        if (newTab || !_byUser.TryGetValue(user.Id, out var circuit))
        {
            circuit = app.OpenCircuit(user);
            _all.Add(circuit);
            if (!newTab)
            {
                _byUser[user.Id] = circuit;
            }
        }

        return circuit;
    }

    public T Get<T>(User user) where T : notnull => For(user).Get<T>();

    public async ValueTask DisposeAsync()
    {
        foreach (var circuit in _all)
        {
            await circuit.DisposeAsync();
        }
    }
}

public static class Collect
{
    /// <summary>A subscription callback that keeps what it is handed, for a test to wait on.</summary>
    public static Task Into<T>(IEnumerable<T> events, ConcurrentQueue<T> into)
    {
        foreach (var e in events)
        {
            into.Enqueue(e);
        }

        return Task.CompletedTask;
    }
}
