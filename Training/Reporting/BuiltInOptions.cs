using System.CommandLine;

namespace Bandit.Training.Reporting;

/// <summary>What System.CommandLine's built-in options do for a command line, shared by the Trainer and the Replay.</summary>
public static class BuiltInOptions
{
    /// <summary>The text a built-in option (<c>--help</c>, <c>--version</c>) of <paramref name="root"/> prints.</summary>
    public static string Output(RootCommand root, string builtIn)
    {
        using var text = new StringWriter();
        root.Parse([builtIn]).Invoke(new InvocationConfiguration { Output = text });
        return text.ToString();
    }

    /// <summary>Whether <paramref name="parsed"/> asks for the version (which the tools answer before anything runs).</summary>
    public static bool AsksForVersion(RootCommand root, ParseResult parsed) =>
        parsed.GetResult(root.Options.OfType<VersionOption>().Single()) is not null;
}
