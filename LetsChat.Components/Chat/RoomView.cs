using LetsChat.Components.Chat.MessageLog;
using LetsChat.Components.Rooms;

namespace LetsChat.Components.Chat;

/// <summary>What applying a room's events changed on the screen.</summary>
/// <param name="Log">What the message list must render again.</param>
/// <param name="Page">Something outside the list changed (members, the room itself, the "older" button): the page renders.</param>
/// <param name="MembersStale">The group's member list changed: the page reads it again.</param>
public readonly record struct RoomViewChange(LogChange Log, bool Page, bool MembersStale);

/// <summary>Where typing notices go: the page's <see cref="TypingIndicator"/>.</summary>
public interface ITypingNotices
{
    void Typing(long userId, string displayName);

    void Stopped(long userId);
}

/// <summary>
/// One open room as a screen shows it: its messages, the reader's unconfirmed ones, its members, and where the list
/// jumped. Plain C#: the page hands it the room's events in order (<see cref="Apply"/>) and renders what it says changed.
/// </summary>
/// <param name="readerId">The signed-in reader; null for a visitor.</param>
/// <param name="maxShown">How many messages the screen keeps while following the room; reading back may keep twice this.</param>
public sealed class RoomView(long? readerId, int maxShown)
{
    private bool _readingBack;

    public MessageBlocks Log { get; } = new();

    /// <summary>Messages this tab sent that the server has not confirmed yet.</summary>
    public List<PendingMessage> Pending { get; } = [];

    public RoomInfo? Room { get; private set; }

    public RoomMembers? Members { get; set; }

    /// <summary>Why the reader was removed from the room while it was open; null while they are a member.</summary>
    public string? Removed { get; private set; }

    /// <summary>The first message the reader had not seen when the room opened.</summary>
    public long? DividerBefore { get; private set; }

    public bool HasOlder { get; private set; }

    /// <summary>The first of the messages above the list that were dropped before they were ever shown.</summary>
    public long? SkippedFrom { get; private set; }

    public bool LoadingOlder { get; set; }

    /// <summary>The newest message shown; 0 when there is none.</summary>
    public long NewestSequence => Log.Count > 0 ? Log.Messages[^1].Sequence : 0;

    /// <summary>Shows a newly opened room: its latest messages, and the divider after where the reader had read to.</summary>
    public void Open(RoomSession session)
    {
        Close();
        Room = session.Room;
        foreach (var message in session.Latest)
        {
            Log.Add(message);
        }

        HasOlder = session.HasOlder;
        DividerBefore = session.Latest.FirstOrDefault(m => m.Sequence > session.LastReadSequence && m.AuthorId != readerId)?.Sequence;
        Log.Commit();
    }

    /// <summary>Shows nothing: the room is closing, or another one opening.</summary>
    public void Close()
    {
        Room = null;
        Removed = null;
        Members = null;
        DividerBefore = null;
        SkippedFrom = null;
        HasOlder = false;
        _readingBack = false;
        Log.Clear();
        Pending.Clear();
        Log.Commit();
    }

    /// <summary>Applies the room's events, in order.</summary>
    /// <param name="shownThrough">The newest message whose row has reached the screen: messages dropped after it were never seen.</param>
    /// <param name="typing">Where typing notices go.</param>
    public RoomViewChange Apply(IReadOnlyList<RoomEvent> events, long shownThrough, ITypingNotices? typing)
    {
        var page = false;
        var membersStale = false;
        for (var next = 0; next < events.Count; next++) // by index: no enumerator object per delivery
        {
            var roomEvent = events[next];
            if (roomEvent.RoomId != Room?.Id)
            {
                break;
            }

            switch (roomEvent)
            {
                case MessagePosted posted:
                    page |= Add(posted.Message);
                    typing?.Stopped(posted.Message.AuthorId);
                    break;
                case MessageEdited edited:
                    Log.Replace(edited.Message);
                    Log.Map(ReplyQuotes.Following(edited.Message));
                    break;
                case MessageDeleted deleted:
                    Log.Replace(deleted.Message);
                    Log.Map(ReplyQuotes.Following(deleted.Message));
                    break;
                case MessageReacted reacted:
                    Log.Replace(reacted.Message);
                    break;
                case AuthorChanged author:
                    Log.Map(author.ApplyTo);
                    break;
                case UserTyping notice when notice.UserId != readerId:
                    typing?.Typing(notice.UserId, notice.DisplayName);
                    break;
                case MemberRemoved removed when removed.UserId == readerId:
                    // The server has ended this room's subscription for the reader; nothing of it stays on the screen.
                    Close();
                    Removed = removed.Reason;
                    page = true;
                    break;
                case MemberRemoved or RoomMembersChanged when Room?.Kind == RoomKind.Group:
                    membersStale = page = true;
                    break;
                case RoomModerationChanged changed when Room is not null:
                    Room = Room with { SlowModeSeconds = changed.SlowModeSeconds };
                    page = true;
                    break;
                case RoomPresenceChanged change when Members is not null:
                    Members = Members with
                    {
                        Members = [.. Members.Members.Select(m => m.UserId == change.UserId && m.IsOnline is not null ? m with { IsOnline = change.IsOnline } : m)],
                    };
                    page = true;
                    break;
            }
        }

        page |= Trim(shownThrough);
        return new RoomViewChange(Log.Commit(), page, membersStale);
    }

    /// <summary>The server stored one of the reader's messages: it replaces the pending one.</summary>
    public void Confirmed(ChatMessage stored)
    {
        Add(stored);
        Log.Commit();
    }

    /// <summary>An edit or deletion the reader made, shown before its event arrives.</summary>
    public LogChange Changed(ChatMessage message)
    {
        Log.Replace(message);
        return Log.Commit();
    }

    /// <summary>A page of older messages the reader asked for; they stay while the reader reads back.</summary>
    public void AddOlder(OlderMessages older)
    {
        _readingBack |= Log.AddOlder(older.Messages) > 0;
        HasOlder = older.HasMore;
        if (Log.Count > 0 && Log.Messages[0].Sequence <= SkippedFrom)
        {
            SkippedFrom = null;
        }

        Log.Commit();
    }

    // True when a pending message went: the list's pending rows change with it.
    private bool Add(ChatMessage message)
    {
        var confirmed = message.AuthorId == readerId && Pending.RemoveAll(p => p.ClientMessageId == message.ClientMessageId) > 0;
        Log.Add(message);
        return confirmed;
    }

    // Following the room keeps maxShown messages (a block more before it trims, so a whole block goes at once); pages
    // the reader asked for stay until the log is twice that. Messages that go before their row ever reached the screen
    // (the tab fell far behind) are not dropped silently: the list marks where it jumped, and they load from there.
    private bool Trim(long shownThrough)
    {
        var limit = LoadingOlder || _readingBack ? maxShown * 2 : maxShown + MessageBlocks.BlockSize;
        if (Log.Count <= limit)
        {
            return false;
        }

        var page = !HasOlder;
        if (Log.DropOldest(maxShown, shownThrough) is { } firstUnseen)
        {
            SkippedFrom = Math.Min(SkippedFrom ?? long.MaxValue, firstUnseen.Sequence);
            page = true;
        }

        HasOlder = true;
        _readingBack = false;
        return page;
    }
}
