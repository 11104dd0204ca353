namespace Bandit.Training.Reporting;

/// <summary>Whether an <c>--output</c> folder can take a report, checked before the work whose results go there: the Trainer
/// and the Replay write their reports and plots after minutes of computing.</summary>
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
