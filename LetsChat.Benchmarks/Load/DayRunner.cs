using System.Diagnostics;

namespace LetsChat.Benchmarks.Load;

/// <summary>
/// Opens a <see cref="DayPlan"/>'s tabs against a server at a steady rate and keeps them open; every tab watches its
/// batches for the day's messages (in its own room, and anywhere it must not be) and for friends' dots changing.
/// A few tabs per room are "speakers": they keep their composer's handlers so that messages, reactions and typing go
/// through the real UI. <see cref="RunAsync"/> (DayRunner.Load.cs) then runs the day.
/// </summary>
public sealed partial class DayRunner : IAsyncDisposable
{
    private readonly Uri _server;
    private readonly DayPlan _plan;
    private readonly IReadOnlyList<SimulatedUser> _users;
    private readonly IReadOnlyList<long> _roomIds;
    private readonly BlazorCircuit?[] _tabs;
    private readonly RoomDeliveryLog[] _logs;
    private readonly Dictionary<int, SemaphoreSlim> _speaking = [];
    private readonly int[][] _speakersByRoom;
    private readonly DayRoom[][] _speakingRooms;
    private readonly ILookup<int, DayTab> _viewers;
    private readonly ILookup<int, DayTab> _tabsByUser;
    private StatusLog? _status;
    private readonly RoomListDots _dots;

    /// <param name="users">The plan's users, signed in, by index.</param>
    /// <param name="roomIds">The database id of each of the plan's rooms, by index.</param>
    /// <param name="logs">One delivery log per kind of room, by <see cref="DayRoomKind"/>.</param>
    public DayRunner(Uri server, DayPlan plan, IReadOnlyList<SimulatedUser> users, IReadOnlyList<long> roomIds, RoomDeliveryLog[] logs, int publicSpeakers, int speakersPerRoom)
    {
        _server = server;
        _plan = plan;
        _users = users;
        _roomIds = roomIds;
        _logs = logs;
        _tabs = new BlazorCircuit?[plan.Tabs.Count];
        _dots = new RoomListDots(plan.Tabs.Count);
        _viewers = plan.ViewersByRoom();
        _tabsByUser = plan.TabsByUser();
        // A private room speaks only when both friends have a tab on it: a message there has someone to reach.
        _speakersByRoom = [.. plan.Rooms.Select(room => room.Kind switch
        {
            DayRoomKind.Public => [.. _viewers[room.Index].Take(publicSpeakers).Select(t => t.Index)],
            DayRoomKind.Private when _viewers[room.Index].Select(t => t.User).Distinct().Count() < 2 => [],
            DayRoomKind.Private => [.. _viewers[room.Index].GroupBy(t => t.User).Select(g => g.First().Index)],
            _ when _viewers[room.Index].Count() < 2 => [],
            _ => _viewers[room.Index].Take(speakersPerRoom).Select(t => t.Index).ToArray(),
        })];
        _speakingRooms = [.. Enum.GetValues<DayRoomKind>().Select(kind => plan.Rooms.Where(r => r.Kind == kind && _speakersByRoom[r.Index].Length > 0).ToArray())];
        foreach (var tab in _speakersByRoom.SelectMany(s => s))
        {
            _speaking[tab] = new SemaphoreSlim(1, 1);
        }
    }

    public int OpenTabs => _tabs.Count(t => t is not null);

    /// <summary>Rooms of each kind that have speakers.</summary>
    public int SpeakingRooms(DayRoomKind kind) => _speakingRooms[(int)kind].Length;

    /// <summary>Opens every tab, tab i due at i / <paramref name="perSecond"/> seconds; returns the seconds it took.</summary>
    public async Task<double> OpenAsync(double perSecond, Action<int>? progress, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var opened = 0;
        await Parallel.ForAsync(0, _plan.Tabs.Count, new ParallelOptions { MaxDegreeOfParallelism = 32, CancellationToken = cancellationToken }, async (i, ct) =>
        {
            var due = TimeSpan.FromSeconds(i / perSecond) - clock.Elapsed;
            if (due > TimeSpan.Zero)
            {
                await Task.Delay(due, ct);
            }

            _tabs[i] = await OpenTabAsync(_plan.Tabs[i], ct);
            progress?.Invoke(Interlocked.Increment(ref opened));
        });
        return clock.Elapsed.TotalSeconds;
    }

    private string PathOf(DayRoom? room) => room switch
    {
        null => "/friends",
        { Kind: DayRoomKind.Public } => "/chat",
        _ => $"/chat/{_roomIds[room.Index]}",
    };

    private async Task<BlazorCircuit> OpenTabAsync(DayTab tab, CancellationToken cancellationToken)
    {
        var circuit = await BlazorCircuit.OpenAsync(_users[tab.User], PathOf(tab.Room), (_, batch) => OnBatch(tab.Index, batch.Span), cancellationToken);
        if (_speaking.ContainsKey(tab.Index))
        {
            await circuit.WaitForComposerAsync(cancellationToken);
        }
        else
        {
            circuit.StopWatchingHandlers();
        }

        return circuit;
    }

    private void OnBatch(int tab, ReadOnlySpan<byte> batch)
    {
        foreach (var log in _logs)
        {
            RenderBatchReader.FindNumberedStrings(batch, log.PrefixBytes, n => log.Seen(tab, n), inMarkupOnly: true);
        }

        // Read from the first render on (what each row showed), counted once the day's status log exists.
        var (online, offline) = _dots.Read(tab, batch);
        if (Volatile.Read(ref _status) is { } status)
        {
            status.Seen(tab, online: true, online);
            status.Seen(tab, online: false, offline);
        }
    }

    /// <summary>Circuits that closed on their own (the server dropped them): must be 0.</summary>
    public int Dropped => _tabs.Count(t => t is { Closed: true });

    public async ValueTask DisposeAsync()
    {
        await Parallel.ForEachAsync(_tabs.OfType<BlazorCircuit>(), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (t, _) => await t.DisposeAsync());
        Array.Clear(_tabs);
        foreach (var gate in _speaking.Values)
        {
            gate.Dispose();
        }
    }
}
