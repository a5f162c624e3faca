using FluentValidation;
using Microsoft.Extensions.Hosting;

namespace Handoff.Infrastructure.Channels.BotFramework;

/// <summary>
/// The <c>Bot</c> configuration section: the Azure Bot registration and the Bot Framework endpoints. Without a
/// <see cref="MicrosoftAppId"/> every request to <c>/api/messages</c> is refused, unless <see cref="AllowAnonymous"/>
/// (Development only) accepts header-less requests from one configured <see cref="AnonymousServiceUrl"/> (the
/// Bot Framework Emulator's); outbound calls then carry no token.
/// </summary>
public sealed class BotOptions
{
    public const string SectionName = "Bot";

    public const string SingleTenant = "SingleTenant";

    public const string MultiTenant = "MultiTenant";

    /// <summary>The Bot Connector's tenant: where multi-tenant bots get their outbound token.</summary>
    public const string BotFrameworkTenant = "botframework.com";

    public string? MicrosoftAppId { get; set; }

    /// <summary>Write-only: never logged, never returned by the management API.</summary>
    public string? MicrosoftAppPassword { get; set; }

    /// <summary>The bot registration's tenant; required for <see cref="SingleTenant"/> bots.</summary>
    public string? MicrosoftAppTenantId { get; set; }

    /// <summary><see cref="SingleTenant"/> (default, what Azure creates today) or <see cref="MultiTenant"/>.</summary>
    public string MicrosoftAppType { get; set; } = SingleTenant;

    public string OpenIdMetadataUrl { get; set; } = "https://login.botframework.com/v1/.well-known/openidconfiguration";

    /// <summary>The issuer of the Bot Connector's tokens (<c>https://api.botframework.us</c> in US Government clouds).</summary>
    public string TokenIssuer { get; set; } = "https://api.botframework.com";

    public string OAuthScope { get; set; } = "https://api.botframework.com/.default";

    /// <summary>Where the bot's own token comes from (sovereign clouds have their own).</summary>
    public string AuthorityHost { get; set; } = "https://login.microsoftonline.com/";

    /// <summary>Signing keys are re-read at least this often (the Bot Connector asks for at least daily).</summary>
    public TimeSpan SigningKeysRefreshInterval { get; set; } = TimeSpan.FromHours(12);

    /// <summary>A token with an unknown key id re-reads the keys, but not more often than this (so bad tokens cannot flood the key endpoint).</summary>
    public TimeSpan SigningKeysMinimumRefreshInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long one call to the Bot Connector may take before it counts as a (transient) timeout.</summary>
    public TimeSpan ConnectorTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Local development with the Emulator: accept header-less activities when no app id is set. Refused at start-up
    /// outside the Development environment, since anyone could then post as anyone.
    /// </summary>
    public bool AllowAnonymous { get; set; }

    /// <summary>
    /// With <see cref="AllowAnonymous"/>, the one service URL an anonymous activity may name (the Emulator's, e.g.
    /// <c>http://localhost:50000</c>): replies go only there, never to a URL a caller chooses.
    /// </summary>
    public string? AnonymousServiceUrl { get; set; }

    public bool IsAuthenticationEnabled => !string.IsNullOrWhiteSpace(MicrosoftAppId);

    /// <summary>The tenant that issues the bot's outbound token: its own for single-tenant bots, the Bot Framework's otherwise.</summary>
    public string TokenTenant => string.Equals(MicrosoftAppType, MultiTenant, StringComparison.OrdinalIgnoreCase)
        ? BotFrameworkTenant
        : MicrosoftAppTenantId ?? string.Empty;
}

/// <summary>Start-up validation of the <c>Bot</c> section: the server refuses to start with a message naming the key.</summary>
public sealed class BotOptionsValidator : AbstractValidator<BotOptions>
{
    /// <param name="environment">the host's; without one (a bare service collection) anonymous traffic is refused</param>
    public BotOptionsValidator(IHostEnvironment? environment = null)
    {
        When(o => o.AllowAnonymous, () =>
        {
            RuleFor(o => o.AllowAnonymous).Must(_ => environment?.IsDevelopment() == true)
                .WithMessage($"is only allowed in the Development environment (this is '{environment?.EnvironmentName ?? "unknown"}'); set Bot:MicrosoftAppId instead")
                .OverridePropertyName("Bot:AllowAnonymous");
            RuleFor(o => o.AnonymousServiceUrl).Must(BeAbsoluteUrl)
                .WithMessage("must be the absolute URL anonymous replies go to (the Emulator's) when Bot:AllowAnonymous is set")
                .OverridePropertyName("Bot:AnonymousServiceUrl");
        });
        RuleFor(o => o.MicrosoftAppId).Must(BeGuidOrEmpty).WithMessage("must be a GUID (the bot's Microsoft App ID)").OverridePropertyName("Bot:MicrosoftAppId");
        RuleFor(o => o.MicrosoftAppType)
            .Must(t => string.Equals(t, BotOptions.SingleTenant, StringComparison.OrdinalIgnoreCase) || string.Equals(t, BotOptions.MultiTenant, StringComparison.OrdinalIgnoreCase))
            .WithMessage("must be SingleTenant or MultiTenant").OverridePropertyName("Bot:MicrosoftAppType");
        RuleFor(o => o.MicrosoftAppTenantId).Must(BeGuidOrEmpty).WithMessage("must be a GUID (the bot registration's tenant id)").OverridePropertyName("Bot:MicrosoftAppTenantId");
        When(o => o.IsAuthenticationEnabled, () =>
        {
            RuleFor(o => o.MicrosoftAppPassword).NotEmpty().WithMessage("is required when Bot:MicrosoftAppId is set").OverridePropertyName("Bot:MicrosoftAppPassword");
            RuleFor(o => o.MicrosoftAppTenantId).NotEmpty()
                .When(o => !string.Equals(o.MicrosoftAppType, BotOptions.MultiTenant, StringComparison.OrdinalIgnoreCase))
                .WithMessage("is required for a SingleTenant bot").OverridePropertyName("Bot:MicrosoftAppTenantId");
        });
        RuleFor(o => o.OpenIdMetadataUrl).Must(BeAbsoluteUrl).WithMessage("must be an absolute URL").OverridePropertyName("Bot:OpenIdMetadataUrl");
        RuleFor(o => o.AuthorityHost).Must(BeAbsoluteUrl).WithMessage("must be an absolute URL").OverridePropertyName("Bot:AuthorityHost");
        RuleFor(o => o.TokenIssuer).NotEmpty().OverridePropertyName("Bot:TokenIssuer");
        RuleFor(o => o.OAuthScope).NotEmpty().OverridePropertyName("Bot:OAuthScope");
        RuleFor(o => o.SigningKeysRefreshInterval).GreaterThan(TimeSpan.Zero).OverridePropertyName("Bot:SigningKeysRefreshInterval");
        RuleFor(o => o.SigningKeysMinimumRefreshInterval).GreaterThanOrEqualTo(TimeSpan.Zero).OverridePropertyName("Bot:SigningKeysMinimumRefreshInterval");
        RuleFor(o => o.ConnectorTimeout).GreaterThan(TimeSpan.Zero).OverridePropertyName("Bot:ConnectorTimeout");
    }

    private static bool BeGuidOrEmpty(string? value) => string.IsNullOrWhiteSpace(value) || Guid.TryParse(value, out _);

    private static bool BeAbsoluteUrl(string? value) => Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);
}
