namespace Bandit.Replay.MovieLensReplay;

/// <summary>Finds the repository's <c>data/movielens/ml-latest-small</c> by walking up to the folder holding Bandit.Aspire.sln.</summary>
public static class DataLocator
{
    public const string SolutionFile = "Bandit.Aspire.sln";

    public static string DefaultFolder()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, SolutionFile)))
                {
                    return Path.Combine(dir.FullName, "data", "movielens", "ml-latest-small");
                }
            }
        }

        throw new DirectoryNotFoundException($"no {SolutionFile} above the working directory or the program: pass --data <folder>");
    }
}
