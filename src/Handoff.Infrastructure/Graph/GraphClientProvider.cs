using Handoff.Infrastructure.Settings;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Handoff.Infrastructure.Graph;

/// <summary>
/// Hands out the <see cref="GraphConnection"/> for the current <c>Teams</c> and <c>Graph</c> settings. Settings are read
/// on every call (they may change at run time); the connection is rebuilt only when they differ from the last build,
/// so a credential and its token cache live as long as their settings do.
/// </summary>
public sealed class GraphClientProvider(
    IOptionsMonitor<TeamsOptions> teams,
    IOptionsMonitor<GraphOptions> graph,
    IGraphCredentialFactory credentials,
    TimeProvider clock,
    ILogger<GraphClientProvider> logger)
{
    private readonly Lock _lock = new();
    private GraphConnection? _current;

    /// <summary>The connection to use now, or null when Teams handoff (Graph) is not configured.</summary>
    public GraphConnection? Current
    {
        get
        {
            GraphConnectionSettings? settings;
            try
            {
                settings = GraphConnectionSettings.From(teams.CurrentValue, graph.CurrentValue);
            }
            catch (OptionsValidationException ex)
            {
                // A bad value arrived by reload: the messages name the keys, never the values.
                logger.LogError("Microsoft Graph settings are invalid, Graph is not used until they are fixed: {Failures}", string.Join("; ", ex.Failures));
                return null;
            }

            if (settings is null)
            {
                return null;
            }

            lock (_lock)
            {
                if (_current is not null && _current.Settings == settings)
                {
                    return _current;
                }

                // The previous client is not disposed: calls may still be running on it; it is released with them.
                _current = GraphConnection.Create(settings, credentials, clock);
                logger.LogInformation("Microsoft Graph client ready: {Settings}", settings.ToString());
                return _current;
            }
        }
    }
}
