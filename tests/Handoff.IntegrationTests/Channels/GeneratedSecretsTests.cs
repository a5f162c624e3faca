using Handoff.Infrastructure.Secrets;
using Handoff.TestSupport;

namespace Handoff.IntegrationTests.Channels;

/// <summary>The single-server adapter of the generated-secrets seam: files under <c>data/</c>, created once, owner-only.</summary>
public sealed class GeneratedSecretsTests
{
    [Fact]
    public void ASecret_IsGeneratedByTheFirstCallerOnly_AndFoundAgainByEveryLaterOne()
    {
        using var directory = new TempDirectory();
        var secrets = new DataDirectorySecrets(directory.Path);

        var first = secrets.GetOrCreate("signing.key", () => "first-value");
        var again = new DataDirectorySecrets(directory.Path).GetOrCreate("signing.key", () => "second-value");

        first.ShouldBe(new GeneratedSecret("first-value", Created: true));
        again.ShouldBe(new GeneratedSecret("first-value", Created: false));
        secrets.LocationOf("signing.key").ShouldBe(Path.Combine(directory.Path, "data", "signing.key"));
        if (!OperatingSystem.IsWindows())
        {
            File.GetUnixFileMode(secrets.LocationOf("signing.key")).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }
}
