using Handoff.Application.Common.Interfaces;
using Handoff.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Handoff.EndToEndTests.Support;

/// <summary>
/// The product on Kestrel serving the real pages: its content root is a temporary folder whose <c>wwwroot</c> is the
/// source <c>src/Handoff.Bot/wwwroot</c> (with the Web Chat bundle the build installed), and the meeting scheduler is
/// the fake at the Graph edge.
/// </summary>
public sealed class WebChatHost : IAsyncDisposable
{
    public const string AgentKey = "e2e-agent-key";
    public const string DefaultOrganizer = "3f2b7c1e-5a4d-4e8f-9b6a-1c2d3e4f5a6b";

    private readonly TempDirectory _directory;

    private WebChatHost(TempDirectory directory, TestHost host, FakeMeetingScheduler meetings)
    {
        _directory = directory;
        Host = host;
        Meetings = meetings;
    }

    public TestHost Host { get; }

    public FakeMeetingScheduler Meetings { get; }

    /// <param name="configure">Settings or services a test adds (e.g. the agents' capacity).</param>
    public static async Task<WebChatHost> StartAsync(Action<TestHostOptions>? configure = null)
    {
        var webRoot = Path.Combine(RepositoryRoot(), "src", "Handoff.Bot", "wwwroot");
        File.Exists(Path.Combine(webRoot, "lib", "botframework-webchat", "webchat.js")).ShouldBeTrue(
            "the Web Chat bundle is installed by building src/Handoff.Bot with npm available");

        var directory = new TempDirectory();
        Directory.CreateSymbolicLink(Path.Combine(directory.Path, "wwwroot"), webRoot);
        var meetings = new FakeMeetingScheduler();
        var host = await TestHost.StartAsync(options =>
        {
            options.ContentRoot = directory.Path;
            options.Settings["AgentWebChat:AccessKeys:0"] = AgentKey;
            options.Settings["Teams:DefaultMeetingOrganizerObjectId"] = DefaultOrganizer;
            options.Services.Add(services => services.AddSingleton<IMeetingScheduler>(meetings));
            configure?.Invoke(options);
        });
        return new WebChatHost(directory, host, meetings);
    }

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();

        // Remove the link itself first, so that cleaning up can never reach into the source folder.
        Directory.Delete(Path.Combine(_directory.Path, "wwwroot"));
        _directory.Dispose();
    }

    public static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Handoff.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Handoff.sln not found above " + AppContext.BaseDirectory);
    }
}
