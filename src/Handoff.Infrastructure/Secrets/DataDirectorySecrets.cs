namespace Handoff.Infrastructure.Secrets;

/// <summary>
/// The single-server adapter of <see cref="IGeneratedSecrets"/>: one file per secret in <c>data/</c> beside the content
/// root, readable by the server's account only. Two starts racing to create the same file agree on the first one.
/// </summary>
public sealed class DataDirectorySecrets(string contentRootPath) : IGeneratedSecrets
{
    public string LocationOf(string name) => Path.Combine(contentRootPath, "data", name);

    public GeneratedSecret GetOrCreate(string name, Func<string> create)
    {
        var path = LocationOf(name);
        if (!File.Exists(path) && TryCreateOwnerOnly(path, create()))
        {
            return new GeneratedSecret(File.ReadAllText(path), Created: true);
        }

        return new GeneratedSecret(File.ReadAllText(path), Created: false);
    }

    public void Replace(string name, string value)
    {
        var path = LocationOf(name);
        var replacement = path + ".new";
        File.Delete(replacement);
        TryCreateOwnerOnly(replacement, value);
        File.Move(replacement, path, overwrite: true);
    }

    /// <summary>Writes a new file that only its owner can read; false when it already exists (another start won the race).</summary>
    private static bool TryCreateOwnerOnly(string path, string contents)
    {
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        try
        {
            using var stream = new FileStream(path, options);
            using var writer = new StreamWriter(stream);
            writer.Write(contents);
            return true;
        }
        catch (IOException) when (File.Exists(path))
        {
            return false;
        }
    }
}
