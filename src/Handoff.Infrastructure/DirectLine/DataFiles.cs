namespace Handoff.Infrastructure.DirectLine;

/// <summary>Secrets the server generates for itself live in <c>data/</c>, readable by the server's account only.</summary>
internal static class DataFiles
{
    public static string PathOf(string contentRootPath, string fileName) => Path.Combine(contentRootPath, "data", fileName);

    /// <summary>Writes a new file that only its owner can read; false when it already exists (another start won the race).</summary>
    public static bool TryCreateOwnerOnly(string path, string contents)
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
