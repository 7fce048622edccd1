using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using MudBlazor;

namespace LetsChat.Components.Moderation;

/// <summary>
/// The dialog a report is made in. It checks what the service checks too (a reason; details for Other; their length)
/// so that a refusal keeps what was typed; the reporter learns that the report was sent, never what came of it.
/// </summary>
public sealed partial class ReportDialog
{
    public const int MaxDetails = 500;
    public const string Sent = "Report sent. Thank you — the moderators will look at it.";
    public const string AttachExplained = "Moderators cannot read private conversations; attaching shares this one message with them.";

    private static readonly (ReportReason Reason, string Explanation)[] Reasons =
    [
        (ReportReason.Spam, "Ads, scams or the same thing over and over."),
        (ReportReason.Harassment, "Insults, threats or hounding someone."),
        (ReportReason.Other, "Something else the moderators should see."),
    ];

    private ReportReason? _reason;
    private string? _details;
    private bool _attach;
    private bool _sending;
    private string? _refusal;

    [Inject]
    private IReports Reports { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    [Parameter, EditorRequired]
    public ReportTarget Target { get; set; } = default!;

    /// <summary>The dialog is done: sent, or cancelled.</summary>
    [Parameter]
    public EventCallback OnClose { get; set; }

    private async Task SendAsync()
    {
        if (Problem() is { } problem)
        {
            _refusal = problem;
            return;
        }

        _sending = true;
        try
        {
            var details = string.IsNullOrWhiteSpace(_details) ? null : _details.Trim();
            var outcome = Target.MessageId is { } messageId
                ? await Reports.ReportMessageAsync(messageId, _reason!.Value, details, Target.CanAttach && _attach)
                : await Reports.ReportUserAsync(Target.UserId!.Value, _reason!.Value, details);
            if (!outcome.Succeeded)
            {
                _refusal = outcome.Message;
                return;
            }
        }
        finally
        {
            _sending = false;
        }

        Snackbar.Add(Sent, Severity.Success);
        await CloseAsync();
    }

    private string? Problem() => _reason switch
    {
        null => "Choose what is wrong: Spam, Harassment or Other.",
        ReportReason.Other when string.IsNullOrWhiteSpace(_details) => "Please say what is wrong in Details.",
        _ when _details?.Length > MaxDetails => $"Details can be at most {MaxDetails} characters.",
        _ => null,
    };

    private Task CancelAsync() => CloseAsync();

    private Task OnKeyDownAsync(KeyboardEventArgs e) => e.Key == "Escape" ? CloseAsync() : Task.CompletedTask;

    private Task CloseAsync() => OnClose.HasDelegate ? OnClose.InvokeAsync() : Task.CompletedTask;
}
