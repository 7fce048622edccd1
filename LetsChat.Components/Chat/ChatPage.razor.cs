using LetsChat.Components.Chat.MessageLog;
using LetsChat.Components.Identity;
using LetsChat.Components.Rooms;
using LetsChat.Components.Shared;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;

namespace LetsChat.Components.Chat;

/// <summary>
/// A room, live: the page opens it, hands its events to a <see cref="RoomView"/>, and renders what that says changed;
/// a new message renders the message list (and its newest block) alone.
/// </summary>
public sealed partial class ChatPage : LiveComponent
{
    /// <summary>How many messages one screen keeps while following new ones; scrolling up may load more, up to twice this.</summary>
    private const int MaxShown = 500;

    /// <summary>How far back a link reaches: the pages a screen keeps while reading back (twice <see cref="MaxShown"/>).</summary>
    private const int MaxJumpPages = 18;

    public const string NotFound = "That message is not in this room any more, or too far back to open here. Scroll up to find it.";

    private RoomView _view = new(null, MaxShown);
    private MessageReader _reader = MessageReader.Visitor;
    private RoomSession? _session;
    private ReadMarker? _readMarker;
    private string? _refusal;
    private long? _openedRoomId;
    private bool _opened;
    private long? _me;
    private string _myName = string.Empty;
    private string? _myAvatar;
    private MessageList? _list;
    private TypingIndicator? _typingIndicator;
    private bool _showMembers;
    private long? _jumpedTo;
    private long? _highlight;
    private EditRequest? _editRequest;
    private ChatMessage? _replyTo;

    [Inject]
    private IChatService Chat { get; set; } = default!;

    [Inject]
    private IRoomService Rooms { get; set; } = default!;

    [Inject]
    private IReactionService Reactions { get; set; } = default!;

    [Inject]
    private IMentionService Mentions { get; set; } = default!;

    [Inject]
    private TimeProvider Time { get; set; } = default!;

    [Inject]
    private ReaderTimeZone ReaderZone { get; set; } = default!;

    [Parameter]
    public long? RoomId { get; set; }

    /// <summary>A message to open the room at (a link to it), by its sequence number in the room.</summary>
    [Parameter]
    public long? Sequence { get; set; }

    [Inject]
    private MudBlazor.ISnackbar Snackbar { get; set; } = default!;

    [CascadingParameter]
    private Task<AuthenticationState>? Authentication { get; set; }

    private string? ReadOnlyReason => _view.Room switch
    {
        { MutedUntil: { } until } => $"A moderator muted you in this room until {TimeZoneInfo.ConvertTime(until, ReaderZone.Zone):d MMM, HH:mm}.",
        { Kind: RoomKind.Private } => "You are no longer friends: this chat is read-only, its history kept.",
        _ => null,
    };

    protected override async Task OnInitializedAsync()
    {
        var user = Authentication is null ? null : (await Authentication).User;
        _me = UserClaims.UserId(user);
        _myName = user?.Identity?.Name ?? string.Empty;
        _myAvatar = UserClaims.SignedInUser(user)?.AvatarUrl;
        _view = new RoomView(_me, MaxShown);
        _readMarker = new ReadMarker(Chat, Time, marker => InvokeAsync(marker));
    }

    protected override async Task OnParametersSetAsync()
    {
        if (_opened && _openedRoomId == RoomId)
        {
            if (Sequence != _jumpedTo)
            {
                await JumpAsync();
            }

            return;
        }

        CloseRoom();
        _refusal = null;
        _showMembers = false;
        _replyTo = null;
        ForgetModeration();
        _openedRoomId = RoomId;
        _opened = true;

        var join = await Chat.JoinRoomAsync(RoomId, OnCircuit<RoomEvent>(ApplyAsync));
        if (join.Value is not { } session)
        {
            _refusal = join.Message;
            return;
        }

        _session = session;
        _view.Open(session);
        await LoadNotificationLevelAsync(session.Room.Id);
        await LoadModerationAsync(session.Room);
        _reader = new MessageReader(_me, _myName, _myAvatar, session.Room.CanWrite, session.Room.CanModerate, new RoomMessageActions(this));
        if (session.Room.Kind == RoomKind.Group)
        {
            _view.Members = await Rooms.GetMembersAsync(session.Room.Id);
        }

        await _readMarker!.OpenedAsync(session.Room, session.LastReadSequence, _view.NewestSequence);
        await JumpAsync();
    }

    // Brings the linked message into the log, a page at a time back from the newest (the access check is the room's,
    // on every page), and marks it; older than the screen keeps, or not in the room, the reader is told.
    private async Task JumpAsync()
    {
        _jumpedTo = Sequence;
        _highlight = null;
        if (Sequence is not { } target || _view.Room is not { } room)
        {
            return;
        }

        for (var pages = 0; pages < MaxJumpPages && _view.HasOlder && _view.Log.Count > 0 && _view.Log.Messages[0].Sequence > target; pages++)
        {
            _view.AddOlder(await Chat.LoadOlderAsync(room.Id, _view.Log.Messages[0].Sequence));
        }

        _highlight = _view.Log.Messages.FirstOrDefault(m => m.Sequence == target)?.Id;
        if (_highlight is null)
        {
            Snackbar.Add(NotFound, MudBlazor.Severity.Warning);
        }
    }

    // Every event of the room, in order, on this circuit.
    private async Task ApplyAsync(IReadOnlyList<RoomEvent> events)
    {
        var change = _view.Apply(events, _list?.RenderedThrough ?? long.MaxValue, _typingIndicator);
        if (_view.Removed is not null)
        {
            CloseRoom(keepView: true); // the server has ended this room's subscription for the reader
        }

        if (change.MembersStale && _view.Room is { } room)
        {
            _view.Members = await Rooms.GetMembersAsync(room.Id);
        }

        _typingIndicator?.Update();
        if (change.Page || _list is null)
        {
            StateHasChanged();
        }
        else
        {
            _list.Refresh(change.Log); // the usual case: the list re-renders itself; the page and its composer do not
        }

        await _readMarker!.SeenAsync(_view.NewestSequence);
        await TellOfNewMessagesAsync(events);
    }

    private async Task SendAsync(ComposedMessage message)
    {
        var pending = new PendingMessage(Guid.NewGuid(), message.Text, _replyTo?.Id, message.Files);
        _replyTo = null;
        _heldNotice = null;
        _view.Pending.Add(pending);
        await DeliverAsync(pending);
    }

    private Task<IReadOnlyList<MentionCandidate>> SuggestMentionsAsync(string query) =>
        _view.Room is { } room ? Mentions.SuggestAsync(room.Id, query) : Task.FromResult<IReadOnlyList<MentionCandidate>>([]);

    private string? CheckMentions(string text) => _view.Room is { } room ? MentionRules.CheckEveryone(text, room) : null;

    private Task RetryAsync(PendingMessage pending)
    {
        pending.Failed = false;
        pending.Error = null;
        return DeliverAsync(pending);
    }

    private void Discard(PendingMessage pending) => _view.Pending.Remove(pending);

    // The client id stays with the message across retries, so the server stores it once however often it is sent.
    private async Task DeliverAsync(PendingMessage pending)
    {
        if (_view.Room is not { } room)
        {
            return;
        }

        var result = await Chat.SendAsync(room.Id, pending.ClientMessageId, pending.Body, pending.ReplyToId, [.. pending.Files.Select(f => f.Id)]);
        if (result is { Succeeded: true, Value: { } stored })
        {
            _askForNotifications |= room.Kind == RoomKind.Private;
            _view.Confirmed(stored);
            _readMarker!.Sent(stored.Sequence);
        }
        else if (result.Succeeded)
        {
            Held(pending, result.Message);
        }
        else
        {
            pending.Failed = true;
            pending.Error = result.Message;
        }
    }

    private async Task LoadOlderAsync()
    {
        if (_view.Room is not { } room || _view.LoadingOlder || _view.Log.Count == 0)
        {
            return;
        }

        _view.LoadingOlder = true;
        try
        {
            _view.AddOlder(await Chat.LoadOlderAsync(room.Id, _view.Log.Messages[0].Sequence));
        }
        finally
        {
            _view.LoadingOlder = false;
        }
    }

    // The reader's newest message that is still there, if they may still edit.
    private void EditLast()
    {
        if (_view.Room is { CanWrite: true } && _view.Log.Messages.LastOrDefault(m => m.AuthorId == _me && !m.IsDeleted) is { } last)
        {
            _editRequest = new EditRequest(last.Id);
        }
    }

    private async Task TypingAsync()
    {
        if (_view.Room is { } room)
        {
            await Chat.TypingAsync(room.Id);
        }
    }

    private void CloseRoom(bool keepView = false)
    {
        _session?.Dispose();
        _session = null;
        _readMarker?.Closed();
        if (!keepView)
        {
            _view.Close();
        }
    }

    protected override void Dispose(bool disposing)
    {
        _readMarker?.Dispose();
        _session?.Dispose();
        base.Dispose(disposing);
    }
}
