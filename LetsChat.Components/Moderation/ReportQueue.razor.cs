using LetsChat.Components.Shared;
using Microsoft.AspNetCore.Components;

namespace LetsChat.Components.Moderation;

/// <summary>
/// One moderation queue (<see cref="QueueScope"/>), following changes live. Nothing renders for someone who may not
/// see it. Its items' buttons act through <see cref="RunAsync"/>, which shows the outcome and reloads.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711", Justification = "A queue of reports, in the moderators' words; not a collection type.")]
public sealed partial class ReportQueue : LiveComponent
{
    private ModerationItems? _items;
    private Outcome? _result;
    private bool _busy;

    [Inject]
    private IModeration Moderation { get; set; } = default!;

    [Parameter, EditorRequired]
    public QueueScope Scope { get; set; }

    /// <summary>Inside another section (a room's settings): its heading is one level down.</summary>
    [Parameter]
    public bool Nested { get; set; }

    private string NameId => Scope.RoomId is { } roomId ? $"reports-room-{roomId}" : "reports-site";

    protected override async Task OnInitializedAsync()
    {
        _items = await Moderation.GetAsync(Scope);
        if (_items is null)
        {
            return;
        }

        var reload = OnCircuit<object>(_ => ReloadAsync());
        Keep(await Moderation.WatchAsync(Scope, () => reload([])));
    }

    private async Task ReloadAsync()
    {
        _items = await Moderation.GetAsync(Scope);
        StateHasChanged();
    }

    private async Task RunAsync(Func<IModeration, Task<Outcome>> action)
    {
        _busy = true;
        try
        {
            var outcome = await action(Moderation);
            _result = outcome is { Succeeded: true, Message: "" } ? outcome with { Message = "Done." } : outcome;
            _items = await Moderation.GetAsync(Scope);
        }
        finally
        {
            _busy = false;
        }
    }

    // A link into the room only where the viewer may read it: their own room's queue, or a room whose context they were shown.
    private string? RoomLink(ReportedMessage message) =>
        message.Sequence is { } sequence && (Scope.RoomId is not null || message.Context.Count > 0) ? $"/chat/{message.RoomId}/m/{sequence}" : null;
}
