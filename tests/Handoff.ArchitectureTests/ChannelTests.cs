using System.Reflection;
using NetArchTest.Rules;

namespace Handoff.ArchitectureTests;

/// <summary>
/// The channel seam (docs/adding-a-channel.md): each channel is one folder of Infrastructure that does not know the
/// others, and the host names Infrastructure only in its composition root.
/// </summary>
public sealed class ChannelTests
{
    private const string ChannelsNamespace = "Handoff.Infrastructure.Channels";

    private static readonly Assembly s_infrastructure = typeof(Handoff.Infrastructure.DependencyInjection).Assembly;
    private static readonly Assembly s_bot = typeof(Handoff.Bot.HandoffApplication).Assembly;

    /// <summary>Program, HandoffApplication and Configuration/ compose the product; every other host type maps HTTP to commands.</summary>
    private static readonly string[] s_compositionRoot = ["Program", "Handoff.Bot.HandoffApplication", "Handoff.Bot.Configuration."];

    [Fact]
    public void Host_NamesNoInfrastructureType_OutsideTheCompositionRoot()
    {
        var result = Types.InAssembly(s_bot).ShouldNot().HaveDependencyOn("Handoff.Infrastructure").GetResult();
        var failing = result.FailingTypeNames ?? [];

        // The rule sees the composition root's references (so it can fail), and nothing else has any.
        failing.ShouldContain("Handoff.Bot.HandoffApplication");
        failing.Where(name => !IsCompositionRoot(name)).ShouldBeEmpty();
    }

    [Fact]
    public void Channels_AreTheFoldersUnderInfrastructureChannels_AndThereAreAtLeastTwo()
    {
        Channels().ShouldBe(["Handoff.Infrastructure.Channels.BotFramework", "Handoff.Infrastructure.Channels.DirectLine"], ignoreOrder: true);
    }

    [Fact]
    public void ChannelFolders_DoNotReferenceEachOther()
    {
        var channels = Channels();
        foreach (var channel in channels)
        {
            var others = channels.Where(c => c != channel).ToArray();
            var result = Types.InAssembly(s_infrastructure).That().ResideInNamespace(channel)
                .ShouldNot().HaveDependencyOnAny(others)
                .GetResult();

            result.IsSuccessful.ShouldBeTrue($"{channel} references another channel: {string.Join(", ", result.FailingTypeNames ?? [])}");
        }
    }

    [Fact]
    public void OnlyTheInfrastructureCompositionNamesAChannelFolder_TheRestOfInfrastructureGoesThroughPorts()
    {
        var result = Types.InAssembly(s_infrastructure).That().DoNotResideInNamespace(ChannelsNamespace)
            .And().DoNotHaveName(nameof(Handoff.Infrastructure.DependencyInjection))
            .ShouldNot().HaveDependencyOnAny([.. Channels()])
            .GetResult();

        result.IsSuccessful.ShouldBeTrue("Outside the channel folders: " + string.Join(", ", result.FailingTypeNames ?? []));
    }

    private static List<string> Channels() =>
        [.. s_infrastructure.GetTypes()
            .Select(t => t.Namespace)
            .OfType<string>()
            .Where(n => n.StartsWith(ChannelsNamespace + ".", StringComparison.Ordinal))
            .Select(n => string.Join('.', n.Split('.').Take(4)))
            .Distinct()];

    // Nested types (closures, state machines) belong to their declaring type: "Outer+<>c", "Outer/<>c".
    private static bool IsCompositionRoot(string fullName) =>
        s_compositionRoot.Any(root => root.EndsWith('.')
            ? fullName.StartsWith(root, StringComparison.Ordinal)
            : fullName == root || fullName.StartsWith(root + "+", StringComparison.Ordinal) || fullName.StartsWith(root + "/", StringComparison.Ordinal));
}
