namespace LetsChat.Components.Chat.MessageLog;

/// <summary>
/// One block of the log: up to <see cref="MessageBlocks.BlockSize"/> consecutive messages, the shared records
/// themselves. Immutable: appending to the newest block makes a new slice over the same buffer with a larger count, and
/// any other change a new buffer, so a block whose slice is the same object shows the same messages.
/// </summary>
public sealed class MessageSlice
{
    private readonly ChatMessage[] _buffer;

    internal MessageSlice(long key, ChatMessage[] buffer, int count)
    {
        Key = key;
        _buffer = buffer;
        Count = count;
    }

    /// <summary>The block's number (see <see cref="MessageBlocks.BlockOf"/>); stable while the block is shown.</summary>
    public long Key { get; }

    public int Count { get; }

    public ReadOnlySpan<ChatMessage> Messages => _buffer.AsSpan(0, Count);

    internal int Capacity => _buffer.Length;

    // Only the log's newest block grows, and only after its last message: older slices over the buffer never see it.
    internal MessageSlice Append(ReadOnlySpan<ChatMessage> added)
    {
        added.CopyTo(_buffer.AsSpan(Count));
        return new MessageSlice(Key, _buffer, Count + added.Length);
    }
}
