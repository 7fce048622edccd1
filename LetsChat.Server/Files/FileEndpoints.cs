using LetsChat.Server.Data;
using LetsChat.Server.Identity;
using LetsChat.Server.Rooms;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace LetsChat.Server.Files;

/// <summary>
/// Files over HTTP, not through a circuit: an upload is the request's body (with the page's antiforgery token), so a
/// large file never holds up a tab's live updates; a download is checked against the room on every request.
/// </summary>
public static class FileEndpoints
{
    public const string FileNameHeader = "X-File-Name";

    public static IEndpointRouteBuilder MapLetsChatFiles(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/rooms/{roomId:long}/files", UploadAsync)
            .AddEndpointFilter(PasskeyEndpoints.ValidateAntiforgeryAsync)
            .RequireAuthorization()
            .DisableAntiforgery(); // checked by the filter above, from the header, without reading the body as a form
        // Open to the request, then checked: someone signed out gets the same 404 as someone who may not read the room.
        endpoints.MapGet("/files/{id:long}/thumbnail", (long id, HttpContext http, IServiceProvider services) => ServeAsync(id, thumbnail: true, http, services))
            .AllowAnonymous();
        endpoints.MapGet("/files/{id:long}/{name}", (long id, HttpContext http, IServiceProvider services) => ServeAsync(id, thumbnail: false, http, services))
            .AllowAnonymous();
        return endpoints;
    }

    private static async Task<IResult> UploadAsync(long roomId, HttpContext http, AttachmentUploads uploads, IOptions<FileOptions> options)
    {
        if (LetsChatClaims.UserId(http.User) is not { } userId)
        {
            return Results.Unauthorized();
        }

        // The file's own limit, a little over, so that Kestrel's 30 MB default neither refuses a 25 MB file nor lets a bigger one in.
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = options.Value.MaxFileBytes + 1;
        }

        var name = Uri.UnescapeDataString(http.Request.Headers[FileNameHeader].ToString());
        var uploaded = await uploads.UploadAsync(userId, roomId, name, http.Request.Body, http.Request.ContentLength, http.RequestAborted);
        return uploaded.Value is { } file ? Results.Ok(file) : Results.BadRequest(new { message = uploaded.Message });
    }

    // Who may read the room, now; an upload not sent yet is its uploader's alone; a deleted message's files are gone.
    private static async Task<IResult> ServeAsync(long id, bool thumbnail, HttpContext http, IServiceProvider services)
    {
        if (LetsChatClaims.UserId(http.User) is not { } userId)
        {
            return Results.NotFound();
        }

        var dbFactory = services.GetRequiredService<IDbContextFactory<LetsChatDb>>();
        await using var db = await dbFactory.CreateDbContextAsync(http.RequestAborted);
        var file = await db.Attachments.AsNoTracking()
            .Where(a => a.Id == id && (a.MessageId == null ? a.UploaderId == userId : db.Messages.Any(m => m.Id == a.MessageId && m.DeletedAt == null)))
            .SingleOrDefaultAsync(http.RequestAborted);
        if (file is null || !await services.GetRequiredService<RoomAccess>().CanReadAsync(userId, file.RoomId, http.RequestAborted))
        {
            return Results.NotFound();
        }

        var hash = thumbnail ? file.ThumbnailHash : file.ContentHash;
        if (hash is null || await services.GetRequiredService<IFileStore>().OpenReadAsync(hash, http.RequestAborted) is not { } content)
        {
            return Results.NotFound();
        }

        var headers = http.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers.ContentSecurityPolicy = "default-src 'none'; sandbox";
        headers.CacheControl = "private, max-age=3600";
        var disposition = new ContentDispositionHeaderValue(file.Kind == FileKind.Image ? "inline" : "attachment");
        disposition.SetHttpFileName(file.FileName);
        headers.ContentDisposition = disposition.ToString();
        // A thumbnail is always the pipeline's WebP, whatever its file is (an animated GIF stays a GIF).
        return Results.Stream(content, thumbnail ? "image/webp" : file.ContentType, enableRangeProcessing: false);
    }
}
