using System.Collections.Immutable;
using LetsChat.Components.Chat;

namespace LetsChat.Server.Chat;

/// <summary>A room's newest messages, oldest first. Immutable: appending makes a new window that shares the records.</summary>
internal sealed class MessageWindow(ImmutableArray<ChatMessage> messages)
{
    public ImmutableArray<ChatMessage> Messages { get; } = messages;

    public long LastSequence => Messages.IsEmpty ? 0 : Messages[^1].Sequence;

    private long FirstSequence => Messages.IsEmpty ? LastSequence + 1 : Messages[0].Sequence;

    public MessageWindow Append(ChatMessage message)
    {
        var kept = Messages.Length >= SharedWindow.Size ? Messages[(Messages.Length - SharedWindow.Size + 1)..] : Messages;
        return new MessageWindow(kept.Add(message));
    }

    /// <summary>The window with the message of the same id swapped for <paramref name="message"/> (an edit or delete).</summary>
    public MessageWindow Replace(ChatMessage message)
    {
        for (var i = Messages.Length - 1; i >= 0; i--)
        {
            if (Messages[i].Id == message.Id)
            {
                // Changes can be published out of the order they were stored in: an older version never replaces a newer one.
                return message.Version < Messages[i].Version ? this : new MessageWindow(Messages.SetItem(i, message));
            }
        }

        return this;
    }

    /// <summary>The window with this author's messages showing their new name and picture.</summary>
    public MessageWindow WithAuthor(AuthorChanged author) => Map(author.ApplyTo);

    /// <summary>The window with each message as <paramref name="change"/> makes it; this one when nothing changed.</summary>
    public MessageWindow Map(Func<ChatMessage, ChatMessage> change)
    {
        var changed = Messages.Select(change).ToImmutableArray();
        return changed.Where((message, i) => !ReferenceEquals(message, Messages[i])).Any() ? new MessageWindow(changed) : this;
    }

    public bool Covers(long firstSequence, long lastSequence) =>
        firstSequence >= FirstSequence && lastSequence <= LastSequence;

    public IReadOnlyList<ChatMessage> Between(long afterSequence, long beforeSequence) =>
        Messages.Where(m => m.Sequence > afterSequence && m.Sequence < beforeSequence).ToList();

    /// <summary>
    /// What changed between this window and <paramref name="now"/> (the same room read later) for the messages both
    /// hold: edits and deletes as their events, and each renamed author once.
    /// </summary>
    public IEnumerable<RoomEvent> ChangesIn(MessageWindow now)
    {
        var earlier = Messages.ToDictionary(m => m.Id);
        var renamed = new HashSet<long>();
        foreach (var message in now.Messages)
        {
            if (!earlier.TryGetValue(message.Id, out var was) || was == message)
            {
                continue;
            }

            if ((was.AuthorName != message.AuthorName || was.AuthorAvatarUrl != message.AuthorAvatarUrl || was.AuthorHandle != message.AuthorHandle) && renamed.Add(message.AuthorId))
            {
                yield return new AuthorChanged(message.RoomId, message.AuthorId, message.AuthorName, message.AuthorAvatarUrl, message.AuthorHandle);
            }

            if (message.IsDeleted && !was.IsDeleted)
            {
                yield return new MessageDeleted(message);
            }
            else if (message.Body != was.Body || message.EditedAt != was.EditedAt)
            {
                yield return new MessageEdited(message);
            }
            else if (message.Version != was.Version)
            {
                yield return new MessageReacted(message);
            }
        }
    }
}
