using System.Collections.Concurrent;
using System.Diagnostics;

namespace LetsChat.Benchmarks.Load;

/// <summary>The day's pace: messages per second in each kind of room (in total), and everything else people do.</summary>
public sealed record DayPace(
    double PublicPerSecond, double GroupPerSecond, double PrivatePerSecond, double ReactionsPerSecond, double TypingPerSecond,
    double ProfileViewsPerSecond, double SearchesPerSecond, TimeSpan ComerHold, TimeSpan ComerAway, TimeSpan OfflineGrace);

/// <summary>What the day's people did besides messages, and how long the pages they loaded took.</summary>
public sealed record DayActivity(
    int Reactions, int Typing, int ComerVisits, int FailedActions, Percentiles ProfileViews, Percentiles Searches, int FailedPages);

public sealed partial class DayRunner
{
    private readonly Corpus.Vocabulary _words = new(2000, 0, 27);
    private readonly ConcurrentBag<Task> _inFlight = [];
    private int _failedActions;
    private int _reactions;
    private int _typing;

    /// <summary>
    /// Runs the day for <paramref name="length"/>: messages in every kind of room, reactions, typing, comers opening and
    /// closing a tab (their friends' dots counted in <see cref="Status"/>), profile views and searches.
    /// </summary>
    /// <param name="messageId">The id of the stored message whose body starts with a token, for a reaction.</param>
    public async Task<DayActivity> RunAsync(
        DayPace pace, TimeSpan length, IReadOnlyList<SimulatedUser> comers, IReadOnlyList<string> handles, Func<string, Task<long?>> messageId,
        CancellationToken cancellationToken)
    {
        var status = new StatusLog(_plan.Tabs.Count);
        Volatile.Write(ref _status, status);
        var clock = Stopwatch.StartNew();
        var comerVisits = 0;
        var profileTimes = new ConcurrentBag<double>();
        var searchTimes = new ConcurrentBag<double>();
        var failedPages = 0;
        await Task.WhenAll(
            Paced(pace.PublicPerSecond, length, clock, k => SendAsync(DayRoomKind.Public, k, cancellationToken), cancellationToken),
            Paced(pace.GroupPerSecond, length, clock, k => SendAsync(DayRoomKind.Group, k, cancellationToken), cancellationToken),
            Paced(pace.PrivatePerSecond, length, clock, k => SendAsync(DayRoomKind.Private, k, cancellationToken), cancellationToken),
            Paced(pace.ReactionsPerSecond, length, clock, k => ReactAsync(k, messageId, cancellationToken), cancellationToken),
            Paced(pace.TypingPerSecond, length, clock, k => TypeAsync(k, cancellationToken), cancellationToken),
            Paced(pace.ProfileViewsPerSecond, length, clock, k => LoadPageAsync(k, $"/u/{Uri.EscapeDataString(handles[k * 7919 % handles.Count])}", profileTimes), cancellationToken),
            Paced(pace.SearchesPerSecond, length, clock, k => LoadPageAsync(k, $"/search?q={Uri.EscapeDataString(_words.Next(new Random(k)))}", searchTimes), cancellationToken),
            Task.WhenAll(comers.Select((comer, i) => ComeAndGoAsync(comer, i, pace, length, clock, () => Interlocked.Increment(ref comerVisits), cancellationToken))));
        // A server that fell behind still owes the actions launched on time: wait for them, but not for ever. One still
        // unanswered then counts as failed (a message never sent is missing from the achieved rate too).
        var finished = Task.WhenAll(_inFlight);
        if (await Task.WhenAny(finished, Task.Delay(DeliveryDrain.MaxWait, cancellationToken)) != finished)
        {
            Interlocked.Add(ref _failedActions, _inFlight.Count(t => !t.IsCompleted));
        }

        return new DayActivity(_reactions, _typing, comerVisits, _failedActions, Percentiles.Of(profileTimes), Percentiles.Of(searchTimes), failedPages);

        async Task LoadPageAsync(int k, string path, ConcurrentBag<double> times)
        {
            var started = Stopwatch.GetTimestamp();
            try
            {
                using var response = await _users[k * 31 % _users.Count].Http.GetAsync(path, cancellationToken);
                response.EnsureSuccessStatusCode();
                _ = await response.Content.ReadAsByteArrayAsync(cancellationToken);
                times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
            catch (Exception) when (!cancellationToken.IsCancellationRequested)
            {
                Interlocked.Increment(ref failedPages);
            }
        }
    }

    /// <summary>
    /// Unrecorded messages at the day's pace in every kind of room, so that the day is measured once the server has
    /// compiled its paths to their final tier, as a site that has been up a while has.
    /// </summary>
    public async Task WarmUpAsync(DayPace pace, TimeSpan length, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enum.GetValues<DayRoomKind>().Select(kind => Paced(kind switch
        {
            DayRoomKind.Public => pace.PublicPerSecond,
            DayRoomKind.Group => pace.GroupPerSecond,
            _ => pace.PrivatePerSecond,
        }, length, clock, k =>
        {
            var rooms = _speakingRooms[(int)kind];
            if (rooms.Length == 0)
            {
                return Task.CompletedTask;
            }

            var speakers = _speakersByRoom[rooms[k % rooms.Length].Index];
            return SpeakAsync(speakers[k % speakers.Length], circuit => circuit.SendMessageAsync($"Warming up, {k}", null, cancellationToken), cancellationToken);
        }, cancellationToken)));
        await Task.WhenAll(_inFlight);
        _inFlight.Clear();
        _failedActions = 0;
    }

    public StatusLog? Status => Volatile.Read(ref _status);

    public RoomDeliveryLog Log(DayRoomKind kind) => _logs[(int)kind];

    // Action k is due at k / rate seconds; each runs on its own (a slow one never holds the pace up).
    private Task Paced(double rate, TimeSpan length, Stopwatch clock, Func<int, Task> act, CancellationToken cancellationToken) => rate <= 0 ? Task.CompletedTask : Task.Run(async () =>
    {
        for (var k = 0; TimeSpan.FromSeconds(k / rate) < length; k++)
        {
            var due = TimeSpan.FromSeconds(k / rate) - clock.Elapsed;
            if (due > TimeSpan.Zero)
            {
                await Task.Delay(due, cancellationToken);
            }

            _inFlight.Add(act(k));
        }
    }, cancellationToken);

    private async Task SendAsync(DayRoomKind kind, int k, CancellationToken cancellationToken)
    {
        var random = new Random(HashCode.Combine(kind, k));
        var rooms = _speakingRooms[(int)kind];
        if (rooms.Length == 0)
        {
            return;
        }

        var room = rooms[random.Next(rooms.Length)];
        var speakers = _speakersByRoom[room.Index];
        var speaker = speakers[random.Next(speakers.Length)];
        var log = _logs[(int)kind];
        var message = log.Register(room.Index, speaker, _viewers[room.Index].Select(t => t.Index).Where(t => t != speaker));
        if (message < 0)
        {
            return;
        }

        var words = string.Join(' ', Enumerable.Range(0, random.Next(4, 14)).Select(_ => _words.Next(random)));
        await SpeakAsync(speaker, circuit => circuit.SendMessageAsync($"{log.Body(message)} {words}", () => log.Sent(message), cancellationToken), cancellationToken);
    }

    // A reaction to one of the last messages sent a second ago or more, from a speaker in that message's room.
    private async Task ReactAsync(int k, Func<string, Task<long?>> messageId, CancellationToken cancellationToken)
    {
        var random = new Random(k);
        var log = _logs[random.Next(_logs.Length)];
        var newest = log.SentCount - 1;
        var message = newest - random.Next(Math.Min(50, Math.Max(1, newest)));
        if (message < 0 || Stopwatch.GetElapsedTime(log.SentAt(message)) < TimeSpan.FromSeconds(1)
            || await messageId(log.Body(message) + " ") is not { } id)
        {
            return;
        }

        var speakers = _speakersByRoom[log.RoomOf(message)];
        var speaker = speakers[random.Next(speakers.Length)];
        log.Reacted(message);
        // The row turns into the reactor's own in every tab of theirs, not just the one that clicked.
        foreach (var tab in _tabsByUser[_plan.Tabs[speaker].User])
        {
            log.Acted(tab.Index, message);
        }

        string[] emoji = ["👍", "❤️", "😂", "🎉"];
        await SpeakAsync(speaker, circuit => circuit.ReactAsync(id, emoji[random.Next(emoji.Length)], null, cancellationToken), cancellationToken);
        Interlocked.Increment(ref _reactions);
    }

    // Typing without sending (yet): the room's others see who is typing. A speaker busy sending is not interrupted.
    private async Task TypeAsync(int k, CancellationToken cancellationToken)
    {
        var speakers = _speaking.Keys.ToArray();
        var speaker = speakers[new Random(k).Next(speakers.Length)];
        if (!_speaking[speaker].Wait(0, cancellationToken))
        {
            return;
        }

        try
        {
            await _tabs[speaker]!.TypeAsync("I think that", cancellationToken);
            Interlocked.Increment(ref _typing);
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            Interlocked.Increment(ref _failedActions);
        }
        finally
        {
            _speaking[speaker].Release();
        }
    }

    // One thing at a time in a tab, as one person's hands would: a composer typed into by two sends at once would mix them.
    private async Task SpeakAsync(int tab, Func<BlazorCircuit, Task> act, CancellationToken cancellationToken)
    {
        await _speaking[tab].WaitAsync(cancellationToken);
        try
        {
            await act(_tabs[tab]!);
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            Interlocked.Increment(ref _failedActions);
        }
        finally
        {
            _speaking[tab].Release();
        }
    }

    // A comer opens a tab (every tab of each friend owes an "online"), holds it, closes it (an "offline" is owed once the
    // grace period is over), stays away, and again, until the day is over; comers start spread over one cycle.
    private async Task ComeAndGoAsync(
        SimulatedUser comer, int index, DayPace pace, TimeSpan length, Stopwatch clock, Action visited, CancellationToken cancellationToken)
    {
        var cycle = pace.ComerHold + pace.ComerAway;
        var friendTabs = _plan.ComerFriends[index].SelectMany(user => _tabsByUser[user]).Select(t => t.Index).ToArray();
        await Task.Delay(cycle * index / Math.Max(1, _plan.ComerFriends.Count), cancellationToken);
        while (clock.Elapsed + pace.ComerHold < length)
        {
            _status!.Owe(friendTabs, online: true, Stopwatch.GetTimestamp());
            BlazorCircuit tab;
            try
            {
                tab = await BlazorCircuit.OpenAsync(comer, "/friends", null, cancellationToken);
            }
            catch (Exception) when (!cancellationToken.IsCancellationRequested)
            {
                Interlocked.Increment(ref _failedActions);
                return;
            }

            tab.StopWatchingHandlers();
            visited();
            await Task.Delay(pace.ComerHold, cancellationToken);
            await tab.DisposeAsync();
            _status!.Owe(friendTabs, online: false, Stopwatch.GetTimestamp() + (long)(pace.OfflineGrace.TotalSeconds * Stopwatch.Frequency));
            await Task.Delay(pace.ComerAway, cancellationToken);
        }
    }
}
