namespace Bandit.Benchmarks.Tests.Support;

/// <summary>The folder holding Bandit.Aspire.sln, found by walking up from these tests' binaries.</summary>
public static class RepositoryRoot
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Bandit.Aspire.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("no Bandit.Aspire.sln above " + AppContext.BaseDirectory);
    }
}
