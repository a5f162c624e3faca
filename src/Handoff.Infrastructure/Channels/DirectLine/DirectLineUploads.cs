using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace Handoff.Infrastructure.Channels.DirectLine;

/// <summary>
/// <c>POST …/upload</c> as DirectLineJS sends it: <c>multipart/form-data</c> with <c>file</c> parts and an optional
/// <c>activity</c> part. Files are kept in the database and linked from the activity by an unguessable URL.
/// </summary>
public static class DirectLineUploads
{
    private const string ActivityContentType = "application/vnd.microsoft.activity";

    public static async Task<IResult> UploadAsync(HttpContext context, string conversationId, DirectLineStore store, DirectLineInbound inbound, IOptions<DirectLineOptions> options, CancellationToken cancellationToken)
    {
        var (access, failure) = await DirectLineAuthorization.AuthorizeConversationAsync(context, conversationId, store, cancellationToken);
        if (access is null)
        {
            return failure!;
        }

        var (caller, conversation) = access;

        var limits = options.Value;
        if (!context.Request.HasFormContentType)
        {
            return DirectLineResults.Error(StatusCodes.Status415UnsupportedMediaType, "BadArgument", "Uploads must be multipart/form-data.");
        }

        // A few files of the maximum size plus the activity; anything bigger is refused before it is read, and a body
        // without a length (chunked) is cut off by the server once that many bytes have actually been read.
        var maxBodyBytes = (limits.MaxUploadBytes * 4) + DirectLineActivities.MaxActivityBytes;
        if (context.Request.ContentLength > maxBodyBytes)
        {
            return DirectLineResults.TooLarge("The upload is too large.");
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodyLimit)
        {
            bodyLimit.MaxRequestBodySize = maxBodyBytes;
        }

        IFormCollection form;
        try
        {
            form = await context.Request.ReadFormAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is InvalidDataException or BadHttpRequestException)
        {
            return DirectLineResults.TooLarge("The upload is too large or malformed.");
        }

        JsonObject? activity = null;
        var files = new List<IFormFile>();
        foreach (var part in form.Files)
        {
            if (part.Name == "activity" || part.ContentType.StartsWith(ActivityContentType, StringComparison.OrdinalIgnoreCase))
            {
                if (part.Length > DirectLineActivities.MaxActivityBytes)
                {
                    return DirectLineResults.TooLarge("An activity may be at most 256 KB.");
                }

                await using var stream = part.OpenReadStream();
                var bytes = await DirectLineEndpoints.ReadLimitedAsync(stream, DirectLineActivities.MaxActivityBytes, cancellationToken);
                activity = DirectLineActivities.Parse(bytes, out var error);
                if (activity is null)
                {
                    return DirectLineResults.BadArgument(error!);
                }

                continue;
            }

            if (part.Length > limits.MaxUploadBytes)
            {
                return DirectLineResults.TooLarge($"A file may be at most {limits.MaxUploadBytes} bytes.");
            }

            var type = part.ContentType.Split(';')[0].Trim();
            if (!limits.AllowedUploadContentTypes.Contains(type, StringComparer.OrdinalIgnoreCase))
            {
                return DirectLineResults.Error(StatusCodes.Status415UnsupportedMediaType, "BadArgument", $"Files of type '{type}' are not accepted.");
            }

            files.Add(part);
        }

        if (files.Count == 0)
        {
            return DirectLineResults.BadArgument("The upload has no file.");
        }

        // Checked before anything is stored; the activity itself is checked again when it is accepted.
        if (files.Count > limits.MaxAttachmentsPerActivity)
        {
            return DirectLineResults.BadArgument($"An upload may carry at most {limits.MaxAttachmentsPerActivity} files.");
        }

        activity ??= new JsonObject { ["type"] = "message" };
        var attachments = new JsonArray();
        foreach (var file in files)
        {
            using var content = new MemoryStream();
            await file.CopyToAsync(content, cancellationToken);
            var name = Path.GetFileName(file.FileName);
            var upload = await store.AddUploadAsync(conversationId, file.ContentType.Split(';')[0].Trim(), name, content.ToArray(), cancellationToken);
            var url = $"{context.Request.Scheme}://{context.Request.Host}{context.Request.PathBase}{DirectLineEndpoints.Prefix}/attachments/{upload.Id}";
            attachments.Add(new JsonObject { ["contentType"] = upload.ContentType, ["contentUrl"] = url, ["name"] = name });
        }

        activity["attachments"] = attachments;
        return await DirectLineEndpoints.AcceptAsync(context, DirectLineEndpoints.UserOf(caller, conversation), activity, store, inbound, limits, cancellationToken);
    }

    /// <summary>An uploaded file, by its unguessable id (the link is the capability; browsers cannot send a token with an image).</summary>
    public static async Task<IResult> DownloadAsync(HttpContext context, string id, DirectLineStore store, CancellationToken cancellationToken)
    {
        var upload = await store.FindUploadAsync(id, cancellationToken);
        if (upload is null)
        {
            return DirectLineResults.Error(StatusCodes.Status404NotFound, "NotFound", "Attachment not found.");
        }

        // The file is whatever a user sent: never sniffed into another type, never run as a page (scripts in an SVG,
        // HTML, a PDF's forms), and saved rather than shown unless it is an image.
        context.Response.Headers.XContentTypeOptions = "nosniff";
        context.Response.Headers.ContentSecurityPolicy = "default-src 'none'; sandbox";
        var inline = upload.ContentType.StartsWith("image/", StringComparison.OrdinalIgnoreCase);
        return Results.File(upload.Content, upload.ContentType, inline ? null : upload.Name ?? "attachment");
    }
}
