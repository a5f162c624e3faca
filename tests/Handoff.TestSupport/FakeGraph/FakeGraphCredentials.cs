using System.Collections.Concurrent;
using Azure.Core;
using Handoff.Infrastructure.Graph;

namespace Handoff.TestSupport.FakeGraph;

/// <summary>A credential that hands out a fixed test token, so Graph calls carry a bearer token without a token endpoint.</summary>
public sealed class FakeTokenCredential : TokenCredential
{
    public const string Token = "fake-graph-token";

    private readonly ConcurrentQueue<string[]> _requestedScopes = new();

    public IReadOnlyList<string[]> RequestedScopes => [.. _requestedScopes];

    public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
    {
        _requestedScopes.Enqueue(requestContext.Scopes);
        return new AccessToken(Token, DateTimeOffset.UtcNow.AddHours(1));
    }

    public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
        ValueTask.FromResult(GetToken(requestContext, cancellationToken));
}

/// <summary>The test seam for <see cref="IGraphCredentialFactory"/>: records what the product asked for, answers with <see cref="FakeTokenCredential"/>s.</summary>
public sealed class FakeGraphCredentialFactory : IGraphCredentialFactory
{
    private readonly ConcurrentQueue<(GraphCredentialSettings Settings, FakeTokenCredential Credential)> _created = new();

    public IReadOnlyList<(GraphCredentialSettings Settings, FakeTokenCredential Credential)> Created => [.. _created];

    public TokenCredential Create(GraphCredentialSettings settings)
    {
        var credential = new FakeTokenCredential();
        _created.Enqueue((settings, credential));
        return credential;
    }
}
