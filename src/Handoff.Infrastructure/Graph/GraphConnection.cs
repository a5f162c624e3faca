using Azure.Core;
using Microsoft.Graph;
using Microsoft.Graph.Authentication;
using Microsoft.Kiota.Http.HttpClientLibrary.Middleware;
using Microsoft.Kiota.Http.HttpClientLibrary.Middleware.Options;
using Polly;
using Polly.CircuitBreaker;

namespace Handoff.Infrastructure.Graph;

/// <summary>
/// One Graph client for one set of settings: the credential (one per process, it caches tokens), the SDK's own handler
/// chain with its retry handler configured as the ONLY retry layer, and a Polly pipeline per workload that adds the
/// per-call timeout and a circuit breaker (no retry: a Polly retry would multiply the SDK's).
/// </summary>
public sealed class GraphConnection
{
    private GraphConnection(GraphConnectionSettings settings, TokenCredential credential, GraphServiceClient client, RetryHandlerOption retry, IReadOnlyList<DelegatingHandler> handlers, ResiliencePipeline directory, ResiliencePipeline meetings)
    {
        Settings = settings;
        Credential = credential;
        Client = client;
        Retry = retry;
        Handlers = handlers;
        Directory = directory;
        Meetings = meetings;
    }

    public GraphConnectionSettings Settings { get; }

    public TokenCredential Credential { get; }

    public GraphServiceClient Client { get; }

    /// <summary>The retry handler's settings (429/503/504, <c>Retry-After</c> honoured up to <see cref="GraphOptions.MaxRetryAfter"/>).</summary>
    public RetryHandlerOption Retry { get; }

    /// <summary>The middleware the client's requests go through, outermost first.</summary>
    public IReadOnlyList<DelegatingHandler> Handlers { get; }

    /// <summary>Timeout + circuit breaker for membership and profile calls.</summary>
    public ResiliencePipeline Directory { get; }

    /// <summary>Timeout + circuit breaker for meeting calls, separate so throttled meetings do not block logins.</summary>
    public ResiliencePipeline Meetings { get; }

    public static GraphConnection Create(GraphConnectionSettings settings, IGraphCredentialFactory credentials, TimeProvider clock)
    {
        var credential = credentials.Create(settings.Credential);
        var retry = RetryOption(settings, clock);
        var handlers = GraphClientFactory.CreateDefaultHandlers();
        var index = handlers.ToList().FindIndex(h => h is RetryHandler);
        handlers[index] = new RetryHandler(retry);
        handlers.Insert(index + 1, new Observability.DependencyCallHandler(Observability.DependencyCallHandler.Graph)); // each attempt, inside the retries

        var http = GraphClientFactory.Create(handlers);
        // The Polly timeout is the budget; this is only a backstop should the pipeline's clock not advance.
        http.Timeout = settings.Timeout + TimeSpan.FromSeconds(30);

        // Without the base URL's host in the allowed hosts the SDK silently sends no token (sovereign clouds, tests).
        var authentication = new AzureIdentityAuthenticationProvider(credential, [settings.BaseUrl.Host], observabilityOptions: null, isCaeEnabled: true, [settings.Scope]);
        var client = new GraphServiceClient(http, authentication, settings.BaseUrl.ToString().TrimEnd('/'));
        return new GraphConnection(settings, credential, client, retry, [.. handlers], Pipeline("graph-directory", settings, clock), Pipeline("graph-meetings", settings, clock));
    }

    private static RetryHandlerOption RetryOption(GraphConnectionSettings settings, TimeProvider clock) => new()
    {
        MaxRetry = settings.MaxRetries,
        Delay = settings.RetryDelaySeconds,
        // Never wait past the call's budget: the waits would be cancelled by the timeout anyway.
        RetriesTimeLimit = settings.Timeout,
        ShouldRetry = (_, _, response) =>
            (int)response.StatusCode is 429 or 503 or 504 && (GraphErrors.RetryAfter(response, clock.GetUtcNow()) ?? TimeSpan.Zero) <= settings.MaxRetryAfter,
    };

    private static ResiliencePipeline Pipeline(string name, GraphConnectionSettings settings, TimeProvider clock) =>
        new ResiliencePipelineBuilder { Name = name, TimeProvider = clock }
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions
            {
                FailureRatio = settings.FailureRatio,
                MinimumThroughput = settings.MinimumThroughput,
                SamplingDuration = settings.SamplingDuration,
                BreakDuration = settings.BreakDuration,
                ShouldHandle = args => ValueTask.FromResult(
                    args.Outcome.Exception is { } exception && !args.Context.CancellationToken.IsCancellationRequested && GraphErrors.IsOutage(exception)),
            })
            .AddTimeout(settings.Timeout)
            .Build();
}
