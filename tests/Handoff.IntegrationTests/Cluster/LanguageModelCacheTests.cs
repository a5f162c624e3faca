using Handoff.Application.LanguageModels.CreateLanguageModel;
using Handoff.Application.LanguageModels.ListLanguageModels;
using Handoff.Domain.LanguageModels;
using Handoff.Infrastructure.Cluster;
using Handoff.IntegrationTests.Support;
using Handoff.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Handoff.IntegrationTests.Cluster;

/// <summary>The language models are served from memory and read again when a change is announced (ADR-040).</summary>
public sealed class LanguageModelCacheTests
{
    [Fact]
    public async Task LanguageModels_WhenChangedBehindTheCache_AreServedFromMemoryUntilAnnounced()
    {
        await using var harness = await HandoffHarness.StartAsync(People.Settings());
        var before = await harness.QueryAsync(new ListLanguageModelsQuery());

        // Another instance's write: straight to the table, announced only afterwards (as its notification would be).
        await harness.ReadAsync(db => db.LanguageModels.ExecuteUpdateAsync(s => s.SetProperty(m => m.Name, "Renamed elsewhere")));
        var stale = await harness.QueryAsync(new ListLanguageModelsQuery());
        harness.Services.GetRequiredService<IChangeNotifications>().Publish(ChangeTopics.LanguageModels);
        var fresh = await harness.QueryAsync(new ListLanguageModelsQuery());

        stale.Select(m => m.Name).ShouldBe(before.Select(m => m.Name));
        fresh.ShouldAllBe(m => m.Name == "Renamed elsewhere");
    }

    [Fact]
    public async Task LanguageModelSave_WhenCommitted_AnnouncesTheChange()
    {
        await using var harness = await HandoffHarness.StartAsync(People.Settings());
        var announced = 0;
        using var subscription = harness.Services.GetRequiredService<IChangeNotifications>().Subscribe(ChangeTopics.LanguageModels, _ => announced++);

        await harness.SendAsync(new CreateLanguageModelCommand("Opening hours", "RegEx", Audience.EndUser, ["opening hours"], "custom/opening_hours", "We're open.", true, "admin"));
        var listed = await harness.QueryAsync(new ListLanguageModelsQuery());

        announced.ShouldBe(1);
        listed.ShouldContain(m => m.Name == "Opening hours");
    }
}
