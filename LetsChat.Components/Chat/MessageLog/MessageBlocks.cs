using System.Runtime.InteropServices;

namespace LetsChat.Components.Chat.MessageLog;

/// <summary>What a <see cref="MessageBlocks.Commit"/> changed, and so what the screen must render again.</summary>
public enum LogChange
{
    None,

    /// <summary>Messages were added after the newest one, all in the newest block: only that block renders.</summary>
    NewestBlock,

    /// <summary>Anything else (an edit, a trim, an older page, a new block): every block whose slice changed renders.</summary>
    All,
}

/// <summary>
/// The messages one screen shows, oldest first, and their grouping into blocks of consecutive sequence numbers, so a
/// new message re-renders one block rather than the list. Plain C#: the screen changes it, calls <see cref="Commit"/>,
/// and renders <see cref="Slices"/>. The records are the shared ones the server hands every circuit; nothing is copied.
/// </summary>
public sealed class MessageBlocks
{
    public const int BlockSize = 50;

    private readonly List<ChatMessage> _messages = [];
    private List<MessageSlice> _slices = [];
    private List<MessageSlice> _spare = [];
    private long? _anchor; // the sequence number block 0 starts at
    private int _grouped; // how many of _messages the slices cover
    private bool _rewritten; // changed otherwise than by appending since the last commit

    /// <summary>A log holding <paramref name="messages"/>, committed.</summary>
    public static MessageBlocks Of(IEnumerable<ChatMessage> messages)
    {
        var log = new MessageBlocks();
        foreach (var message in messages)
        {
            log.Add(message);
        }

        log.Commit();
        return log;
    }

    public IReadOnlyList<ChatMessage> Messages => _messages;

    public int Count => _messages.Count;

    /// <summary>The blocks as of the last <see cref="Commit"/>, oldest first.</summary>
    public IReadOnlyList<MessageSlice> Slices => _slices;

    /// <summary>
    /// The block a sequence number belongs to. Blocks are counted from the first message the log committed, so that
    /// the page a room opens with (up to BlockSize messages) is one block; older pages get negative numbers.
    /// </summary>
    public long BlockOf(long sequence)
    {
        var offset = sequence - (_anchor ?? 0);
        return offset >= 0 ? offset / BlockSize : -((-offset + BlockSize - 1) / BlockSize);
    }

    /// <summary>Adds a message in sequence order, once.</summary>
    /// <returns>False when the log already holds it (the event and the sender's confirmation carry the same message).</returns>
    public bool Add(ChatMessage message)
    {
        // Usually the newest; a confirmation can overtake events still queued for the circuit, so it is inserted in order.
        var index = _messages.Count;
        while (index > 0 && _messages[index - 1].Sequence > message.Sequence)
        {
            index--;
        }

        if (index > 0 && _messages[index - 1].Sequence == message.Sequence)
        {
            return false;
        }

        _messages.Insert(index, message);
        _rewritten |= index < _messages.Count - 1 || index < _grouped;
        return true;
    }

    /// <summary>Puts a changed record (an edit, a deletion, reactions) in its message's place; false when the log does not hold it or holds a newer one.</summary>
    public bool Replace(ChatMessage message)
    {
        var index = _messages.FindIndex(m => m.Id == message.Id);
        // Changes can arrive out of the order they were stored in: an older version never replaces a newer one.
        if (index < 0 || message.Version < _messages[index].Version)
        {
            return false;
        }

        _messages[index] = message;
        _rewritten = true;
        return true;
    }

    /// <summary>The message with this id, when the log holds it.</summary>
    public ChatMessage? Find(long messageId) => _messages.Find(m => m.Id == messageId);

    /// <summary>Replaces every message <paramref name="change"/> returns another record for (an author's new name).</summary>
    public void Map(Func<ChatMessage, ChatMessage> change)
    {
        for (var i = 0; i < _messages.Count; i++)
        {
            var changed = change(_messages[i]);
            if (!ReferenceEquals(changed, _messages[i]))
            {
                _messages[i] = changed;
                _rewritten = true;
            }
        }
    }

    /// <summary>Adds a page of older messages before the oldest one held; any it already holds are skipped.</summary>
    /// <returns>How many were added.</returns>
    public int AddOlder(IReadOnlyList<ChatMessage> page)
    {
        var oldest = _messages.Count > 0 ? _messages[0].Sequence : long.MaxValue;
        var older = page.Where(m => m.Sequence < oldest).ToList();
        _messages.InsertRange(0, older);
        _rewritten |= older.Count > 0;
        return older.Count;
    }

    /// <summary>
    /// Drops the oldest messages until at most <paramref name="keep"/> are left, then more until a block starts, so
    /// that following a busy room drops a whole block now and then instead of changing the oldest block every time.
    /// </summary>
    /// <returns>The first dropped message after <paramref name="shownThrough"/>: one that never reached the screen.</returns>
    public ChatMessage? DropOldest(int keep, long shownThrough)
    {
        if (_messages.Count <= keep)
        {
            return null;
        }

        var drop = _messages.Count - keep;
        while (drop < _messages.Count && BlockOf(_messages[drop].Sequence) == BlockOf(_messages[drop - 1].Sequence))
        {
            drop++;
        }

        ChatMessage? firstUnseen = null;
        for (var i = 0; i < drop && firstUnseen is null; i++)
        {
            firstUnseen = _messages[i].Sequence > shownThrough ? _messages[i] : null;
        }

        _messages.RemoveRange(0, drop);
        _rewritten = true;
        return firstUnseen;
    }

    /// <summary>Empties the log for another room; its blocks count afresh from the next message.</summary>
    public void Clear()
    {
        _messages.Clear();
        _anchor = null;
        _rewritten = true;
    }

    /// <summary>Groups what changed since the last commit into <see cref="Slices"/>, and says what the screen must render.</summary>
    public LogChange Commit()
    {
        var messages = CollectionsMarshal.AsSpan(_messages);
        if (!_rewritten && _slices.Count > 0)
        {
            if (_grouped == messages.Length)
            {
                return LogChange.None;
            }

            // The usual case: the new messages belong to the newest block and fit in its buffer. They are written into
            // it, nothing is allocated, and only that block renders again.
            var newest = _slices[^1];
            var added = messages[_grouped..];
            if (newest.Count + added.Length <= newest.Capacity && AllIn(added, newest.Key))
            {
                _slices[^1] = newest.Append(added);
                _grouped = messages.Length;
                return LogChange.NewestBlock;
            }

            // Appended past the newest block: the blocks before it stay as they are.
            Regroup(messages, start: _grouped - newest.Count, keep: _slices.Count - 1);
            return LogChange.All;
        }

        _rewritten = false;
        Regroup(messages, start: 0, keep: 0);
        return LogChange.All;
    }

    private bool AllIn(ReadOnlySpan<ChatMessage> messages, long key)
    {
        foreach (var message in messages)
        {
            if (BlockOf(message.Sequence) != key)
            {
                return false;
            }
        }

        return true;
    }

    // Keeps the first `keep` slices and groups the messages from `start` on after them. A later slice whose records are
    // the same is kept as it is (recognised by comparing references, without reading the shared, scattered records),
    // so an edit, a trim or an older page makes new slices only where something changed.
    private void Regroup(ReadOnlySpan<ChatMessage> messages, int start, int keep)
    {
        if (messages.Length > 0)
        {
            _anchor ??= messages[0].Sequence;
        }

        var previous = _slices;
        var updated = _spare;
        updated.Clear();
        for (var i = 0; i < keep; i++)
        {
            updated.Add(previous[i]);
        }

        var previousIndex = keep;
        while (start < messages.Length)
        {
            var key = BlockOf(messages[start].Sequence);
            while (previousIndex < previous.Count && previous[previousIndex].Key < key)
            {
                previousIndex++;
            }

            if (previousIndex < previous.Count && Unchanged(previous[previousIndex], messages, start))
            {
                var kept = previous[previousIndex++];
                updated.Add(kept);
                start += kept.Count;
                continue;
            }

            var end = start + 1;
            while (end < messages.Length && BlockOf(messages[end].Sequence) == key)
            {
                end++;
            }

            if (updated.Count > 0 && updated[^1].Key >= key)
            {
                key = updated[^1].Key + 1; // out of order: never give two blocks one key
            }

            // The newest block gets room for a full block, so that the next messages are written into it.
            var buffer = new ChatMessage[end == messages.Length ? Math.Max(end - start, BlockSize) : end - start];
            messages[start..end].CopyTo(buffer);
            updated.Add(new MessageSlice(key, buffer, end - start));
            start = end;
        }

        _grouped = messages.Length;
        _spare = previous;
        _slices = updated;
    }

    // Whether the messages from start on begin with exactly the slice's records, and the one after it (if any)
    // belongs to a later block.
    private bool Unchanged(MessageSlice slice, ReadOnlySpan<ChatMessage> messages, int start)
    {
        if (start + slice.Count > messages.Length)
        {
            return false;
        }

        var shown = messages.Slice(start, slice.Count);
        var mine = slice.Messages;
        for (var i = 0; i < shown.Length; i++)
        {
            if (!ReferenceEquals(mine[i], shown[i]))
            {
                return false;
            }
        }

        return start + slice.Count == messages.Length || BlockOf(messages[start + slice.Count].Sequence) != slice.Key;
    }
}
