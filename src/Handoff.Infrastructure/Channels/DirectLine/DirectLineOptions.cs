namespace Handoff.Infrastructure.Channels.DirectLine;

/// <summary>The <c>DirectLine</c> configuration section: the embedded Direct Line 3.0-compatible channel.</summary>
public sealed class DirectLineOptions
{
    public const string SectionName = "DirectLine";

    /// <summary>Direct Line secrets for trusted back ends (<c>POST /tokens/generate</c>). Empty: only the pages' token endpoints issue tokens.</summary>
    public string[] Secrets { get; set; } = [];

    /// <summary>How long a token is valid; Web Chat refreshes it at half its life.</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>The HMAC key that signs tokens (at least 32 characters). Empty: a key is generated under <c>data/</c> at first start.</summary>
    public string? TokenSigningKey { get; set; }

    /// <summary>Origins allowed by CORS to call <c>/v3/directline</c> (the pages served by Handoff itself need none).</summary>
    public string[] AllowedOrigins { get; set; } = [];

    /// <summary>An empty frame is sent on an idle stream this often so that proxies and browsers keep it open.</summary>
    public TimeSpan KeepAliveInterval { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Requests per minute accepted for one token (per client address for the token endpoints).</summary>
    public int RequestsPerMinute { get; set; } = 300;

    /// <summary>Token requests per minute from one client address on <c>/api/webchat/token</c> and <c>/api/agent/token</c>.</summary>
    public int TokenRequestsPerMinute { get; set; } = 30;

    /// <summary>Open WebSockets per conversation (one user, one token identity); one more is refused with 429.</summary>
    public int MaxStreamsPerConversation { get; set; } = 4;

    /// <summary>Attachments (or uploaded files) one activity may carry; more is refused with 400.</summary>
    public int MaxAttachmentsPerActivity { get; set; } = 10;

    /// <summary>The largest file accepted by <c>/upload</c>.</summary>
    public long MaxUploadBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>Media types accepted by <c>/upload</c>.</summary>
    public string[] AllowedUploadContentTypes { get; set; } =
        ["image/png", "image/jpeg", "image/gif", "image/webp", "application/pdf", "text/plain"];

    /// <summary>The bot's account on the Direct Line conversations.</summary>
    public string BotId { get; set; } = "handoff-bot";

    public string BotName { get; set; } = "Handoff";
}

/// <summary>The <c>AgentWebChat</c> configuration section: who may sign in to the agent web chat.</summary>
public sealed class AgentWebChatOptions
{
    public const string SectionName = "AgentWebChat";

    /// <summary>
    /// Agent access keys, each either the key itself or its hash as <c>sha256:&lt;hex&gt;</c> (preferred: the plain key
    /// never has to be stored). Empty: a key is generated at first start, its hash stored under <c>data/</c>.
    /// </summary>
    public string[] AccessKeys { get; set; } = [];
}
