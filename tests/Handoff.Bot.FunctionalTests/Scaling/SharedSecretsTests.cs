using Handoff.Infrastructure.Outbox;
using Handoff.Infrastructure.Secrets;
using Microsoft.Extensions.DependencyInjection;

namespace Handoff.Bot.FunctionalTests.Scaling;

/// <summary>
/// Generated keys in the shared database (ADR-039): created by exactly one of the instances starting at once, the same
/// value for all, replaced atomically; and which adapters each provider uses.
/// </summary>
public sealed class SharedSecretsTests
{
    [Theory]
    [InlineData(OnProvider.Sqlite)]
    [InlineData(OnProvider.Postgres)]
    public async Task DatabaseSecrets_WhenTenInstancesCreateOneAtOnce_OneCreatesAndAllReadItsValue(string provider)
    {
        await using var on = await OnProvider.StartAsync(provider);
        var scopes = on.Harness.Services.GetRequiredService<IServiceScopeFactory>();

        var results = await Task.WhenAll(Enumerable.Range(0, 10).Select(i =>
            Task.Run(() => new DatabaseSecrets(scopes, on.Harness.Clock).GetOrCreate("signing.key", () => $"value-{i}"))));

        results.Count(r => r.Created).ShouldBe(1);
        results.Select(r => r.Value).Distinct().ShouldHaveSingleItem().ShouldBe(results.Single(r => r.Created).Value);
        new DatabaseSecrets(scopes, on.Harness.Clock).GetOrCreate("signing.key", () => "later").ShouldBe(new GeneratedSecret(results[0].Value, Created: false));
    }

    [Theory]
    [InlineData(OnProvider.Sqlite)]
    [InlineData(OnProvider.Postgres)]
    public async Task DatabaseSecrets_WhenReplaced_EveryInstanceReadsTheNewValue(string provider)
    {
        await using var on = await OnProvider.StartAsync(provider);
        var scopes = on.Harness.Services.GetRequiredService<IServiceScopeFactory>();
        new DatabaseSecrets(scopes, on.Harness.Clock).GetOrCreate("management-api-key", () => "plain-old-key");

        new DatabaseSecrets(scopes, on.Harness.Clock).Replace("management-api-key", "sha256:abc");

        new DatabaseSecrets(scopes, on.Harness.Clock).GetOrCreate("management-api-key", () => "unused").Value.ShouldBe("sha256:abc");
        new DatabaseSecrets(scopes, on.Harness.Clock).LocationOf("management-api-key").ShouldNotContain("sha256");
    }

    [Theory]
    [InlineData(OnProvider.Sqlite, typeof(DataDirectorySecrets), "InProcessOutboxConversationClaims")]
    [InlineData(OnProvider.Postgres, typeof(DatabaseSecrets), nameof(LeasedOutboxConversationClaims))]
    public async Task Composition_OnEachProvider_UsesItsSecretsAndClaims(string provider, Type secrets, string claims)
    {
        await using var on = await OnProvider.StartAsync(provider);

        on.Harness.Services.GetRequiredService<IGeneratedSecrets>().ShouldBeOfType(secrets);
        on.Harness.Services.GetRequiredService<IOutboxConversationClaims>().GetType().Name.ShouldBe(claims);
    }
}
