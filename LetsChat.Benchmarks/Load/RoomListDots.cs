using System.Buffers.Text;

namespace LetsChat.Benchmarks.Load;

/// <summary>
/// Friends' dots in each tab's room list. A room's link arrives as one piece of markup, sent again whenever anything in
/// it changes (a new message's preview too), so a dot counts as a change only when it differs from the one the tab
/// showed for that room before; the rows of a tab's first render are what it starts from.
/// </summary>
public sealed class RoomListDots(int tabs)
{
    private static readonly byte[] RoomLink = "class=\"room-link"u8.ToArray();
    private static readonly byte[] DescribedBy = "aria-describedby=\"room-"u8.ToArray();
    private static readonly byte[] Dot = "class=\"presence-dot "u8.ToArray();
    private readonly Dictionary<long, bool>?[] _shown = new Dictionary<long, bool>?[tabs];

    /// <summary>The friends whose dot turned online, and offline, in this batch of tab <paramref name="tab"/>.</summary>
    public (int Online, int Offline) Read(int tab, ReadOnlySpan<byte> batch)
    {
        if (batch.IndexOf(RoomLink) < 0 || batch.IndexOf(Dot) < 0)
        {
            return (0, 0);
        }

        var shown = _shown[tab] ??= [];
        var (online, offline) = (0, 0);
        lock (shown)
        {
            foreach (var (offset, length) in RenderBatchReader.StringRanges(batch))
            {
                if (TryRead(batch.Slice(offset, length), out var room, out var isOnline))
                {
                    if (shown.TryGetValue(room, out var was) && was != isOnline)
                    {
                        _ = isOnline ? online++ : offline++;
                    }

                    shown[room] = isOnline;
                }
            }
        }

        return (online, offline);
    }

    // A room link with a friend's online or offline dot: <a … aria-describedby="room-7-info …"><span class="presence-dot online" …
    private static bool TryRead(ReadOnlySpan<byte> markup, out long room, out bool online)
    {
        (room, online) = (0, false);
        var described = markup.IndexOf(DescribedBy);
        var dot = markup.IndexOf(Dot);
        if (!markup.StartsWith("<a "u8) || described < 0 || dot < 0
            || !Utf8Parser.TryParse(markup[(described + DescribedBy.Length)..], out room, out _))
        {
            return false;
        }

        var state = markup[(dot + Dot.Length)..];
        online = state.StartsWith("online\""u8);
        return online || state.StartsWith("offline\""u8);
    }
}
