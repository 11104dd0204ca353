namespace Bandit.Contracts.Tests;

/// <summary>The repository's <c>docs/DESIGN.md</c>, found by walking up from the test binaries.</summary>
internal static class DesignDocument
{
    private static readonly Lazy<string> _text = new(Load);

    public static string Text => _text.Value;

    /// <summary>Whether DESIGN.md spells <paramref name="name"/> as a code span of its own: <c>`name`</c>.</summary>
    public static bool Names(string name) => Text.Contains("`" + name + "`", StringComparison.Ordinal);

    private static string Load()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var path = Path.Combine(dir.FullName, "docs", "DESIGN.md");
            if (File.Exists(path) && File.Exists(Path.Combine(dir.FullName, "Bandit.Aspire.sln")))
            {
                return File.ReadAllText(path);
            }
        }

        throw new FileNotFoundException("docs/DESIGN.md not found above " + AppContext.BaseDirectory);
    }
}
