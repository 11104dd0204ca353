namespace Bandit.Trainer.Cli;

/// <summary>Whether <c>--output</c> can take the report, checked before any training (the report is written last).</summary>
public static class OutputFolder
{
    /// <summary>Creates the folder if missing and writes and removes a probe file; null when that worked, else one line
    /// naming the folder and why it cannot be used.</summary>
    public static string? Problem(string folder)
    {
        try
        {
            var full = Path.GetFullPath(folder);
            if (File.Exists(full))
            {
                return $"'{folder}' is a file, not a folder";
            }

            Directory.CreateDirectory(full);
            var probe = Path.Combine(full, $".bandit-write-probe-{Guid.NewGuid():N}");
            File.WriteAllBytes(probe, []);
            File.Delete(probe);
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return $"'{folder}' is not a writable folder: {e.Message}";
        }
    }
}
