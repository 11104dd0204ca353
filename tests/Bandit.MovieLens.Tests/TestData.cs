using Bandit.MovieLens;

namespace Bandit.MovieLens.Tests;

/// <summary>Finds the shipped data by walking up to the folder holding Bandit.Aspire.sln.</summary>
internal static class TestData
{
    public static string RepositoryRoot { get; } = FindRoot();

    public static string LatestSmallFolder => Path.Combine(RepositoryRoot, "data", "movielens", "ml-latest-small");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Bandit.Aspire.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("no Bandit.Aspire.sln above " + AppContext.BaseDirectory);
    }
}

/// <summary>ml-latest-small loaded once for a test class.</summary>
public sealed class LatestSmallFixture
{
    public MovieLensDataset Data { get; } = MovieLensLoader.Load(TestData.LatestSmallFolder);
}

/// <summary>A fresh folder under the system temp folder, deleted on dispose.</summary>
internal sealed class TempFolder : IDisposable
{
    public TempFolder()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "bandit-movielens-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    /// <summary>Writes a file with the given bytes of text (no newline conversion) and returns its full path.</summary>
    public string Write(string name, string content, System.Text.Encoding? encoding = null)
    {
        var path = System.IO.Path.Combine(Path, name);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, (encoding ?? new System.Text.UTF8Encoding(false)).GetBytes(content));
        return path;
    }

    public void Dispose()
    {
        if (Directory.Exists(Path))
        {
            Directory.Delete(Path, recursive: true);
        }
    }
}
