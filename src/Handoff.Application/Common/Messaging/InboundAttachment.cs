namespace Handoff.Application.Common.Messaging;

/// <summary>An attachment that came with an inbound message (a file or image by URL, or inline JSON content).</summary>
public sealed record InboundAttachment(string ContentType, string? ContentUrl, string? Name, string? ContentJson = null);
