using System.Text.RegularExpressions;

namespace Bandit.Router.Tests.Architecture;

/// <summary>
/// The Router's folders follow a request (Choosing, Rewards, Experiment, Ledger, Store, Common, Hosting) and must not
/// reference each other in a circle: read from the source files, so a new <c>using</c> that closes a cycle fails here.
/// </summary>
public sealed partial class FolderCycleTests
{
    private static readonly string RouterFolder = Path.Combine(RepositoryRoot(), "Router");

    [Fact]
    public void RouterFolders_ReferenceEachOtherWithoutCycles()
    {
        var graph = FolderGraph.Build(RouterFiles().Where(f => f.Folder.Length > 0).Select(f => (f.Folder, f.Source)));

        var cycle = FolderGraph.FindCycle(graph);

        Assert.True(cycle is null, "cycle between Router folders: " + string.Join(" -> ", cycle ?? []));
        // Not vacuous: the wiring reaches every feature folder, and the features reach the store.
        Assert.Superset(new SortedSet<string> { "Choosing", "Experiment", "Ledger", "Rewards", "Store" }, graph["Hosting"]);
        Assert.Contains("Store", graph["Ledger"]);
    }

    [Fact]
    public void RouterNamespaces_FollowFolders()
    {
        var wrong = RouterFiles()
            .Select(f => (f.Path, Expected: "Bandit.Router" + string.Concat(Path.GetDirectoryName(Path.GetRelativePath(RouterFolder, f.Path))!
                .Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries).Select(s => "." + s)), Actual: Namespace().Match(f.Source)))
            .Where(f => f.Actual.Success && f.Actual.Groups[1].Value != f.Expected)
            .Select(f => $"{Path.GetRelativePath(RouterFolder, f.Path)}: {f.Actual.Groups[1].Value}, expected {f.Expected}")
            .ToList();

        Assert.True(wrong.Count == 0, string.Join(Environment.NewLine, wrong));
    }

    [Fact]
    public void FindCycle_ReportsACycle_AndNotADiamond()
    {
        var cyclic = FolderGraph.Build([
            ("Choosing", "using Bandit.Router.Ledger;\nusing Bandit.Router.Store;"),
            ("Ledger", "using Bandit.Router.Store;"),
            ("Store", "var x = Bandit.Router.Choosing.Thing.Value;"),
        ]);
        var diamond = FolderGraph.Build([
            ("Hosting", "using Bandit.Router.Choosing;\nusing Bandit.Router.Rewards;"),
            ("Choosing", "using Bandit.Router.Ledger;"),
            ("Rewards", "using Bandit.Router.Ledger;\nusing Bandit.Router.Tests.Support;"),
            ("Ledger", "using Bandit.Router.Ledger.Inner;"),
        ]);

        Assert.Equal(["Choosing", "Ledger", "Store", "Choosing"], FolderGraph.FindCycle(cyclic));
        Assert.Null(FolderGraph.FindCycle(diamond));
    }

    /// <summary>Every C# file of the Router with its top folder ("" for files at the project root).</summary>
    private static IEnumerable<(string Folder, string Source, string Path)> RouterFiles() =>
        Directory.EnumerateFiles(RouterFolder, "*.cs", SearchOption.AllDirectories)
            .Select(p => (Rel: Path.GetRelativePath(RouterFolder, p), Path: p))
            .Where(f => !f.Rel.StartsWith("bin", StringComparison.Ordinal) && !f.Rel.StartsWith("obj", StringComparison.Ordinal))
            .Select(f => (f.Rel.Contains(Path.DirectorySeparatorChar, StringComparison.Ordinal) ? f.Rel[..f.Rel.IndexOf(Path.DirectorySeparatorChar, StringComparison.Ordinal)] : "",
                File.ReadAllText(f.Path), f.Path));

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Bandit.Aspire.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Bandit.Aspire.sln not found above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex(@"^namespace ([\w.]+);", RegexOptions.Multiline)]
    private static partial Regex Namespace();
}
