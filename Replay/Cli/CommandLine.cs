using System.CommandLine;
using System.CommandLine.Help;
using System.Globalization;
using Bandit.Training.Reporting;

namespace Bandit.Replay.Cli;

/// <summary>A bad command line, with the one line to print.</summary>
public sealed class UsageException(string message) : Exception(message);

/// <summary>
/// The replay's command line, parsed by System.CommandLine (its help text is <c>--help</c>); unknown options and bad
/// values throw <see cref="UsageException"/>. The MLproject's <c>replay</c> entry point passes these names.
/// </summary>
public static class CommandLine
{
    private const string Description = """
        Bandit.Replay: replay simulator and bandit evaluation (hash, Thompson, UCB1, epsilon-greedy, discounted Thompson,
        linear Thompson over a user context). Run it as: dotnet run -c Release --project Replay -- [options]
        """;

    private static readonly Option<string?> Data = new("--data") { HelpName = "folder", Description = "MovieLens folder (default: data/movielens/ml-latest-small of the repository)" };
    private static readonly Option<string> Output = new("--output") { HelpName = "folder", Description = "where replay-results.md and the PNG plots go", DefaultValueFactory = _ => new ReplayOptions().Output };
    private static readonly Option<int> Seeds = Int("--seeds", "seeds per strategy", 1, 1000, new ReplayOptions().Seeds);
    private static readonly Option<int> ModelSeed = Int("--model-seed", "the Trainer's seed for features and models (as registered)", 0, int.MaxValue, new ReplayOptions().ModelSeed);
    private static readonly Option<int> K = Int("--k", "recommendations per arrival", 1, 100, new ReplayOptions().K);
    private static readonly Option<int?> MaxArrivals = new("--max-arrivals") { HelpName = "n", Description = "replay only the first n arrivals in time order (default: all)", CustomParser = r => Ranged(r, 1, int.MaxValue) };
    private static readonly Option<int> Horizon = Int("--horizon", "decisions per synthetic run", 100, 1_000_000, new ReplayOptions().Horizon);
    private static readonly Option<int> RefreshEvery = Int("--refresh-every", "rebuild the posterior snapshot every n decisions, as the Router's cache", 1, 100_000, new ReplayOptions().RefreshEvery);
    private static readonly Option<int?> HalfLife = new("--half-life") { HelpName = "n", Description = $"discounted Thompson sampling's half-life in decisions, 1..10000000 (default {new ReplayOptions().HalfLife})", CustomParser = r => Ranged(r, 1, 10_000_000) };
    private static readonly Option<bool> SyntheticOnly = new("--synthetic-only") { Arity = ArgumentArity.Zero, Description = "skip the MovieLens replay" };
    private static readonly Option<bool> AutoPromotion = new("--auto-promotion") { Arity = ArgumentArity.Zero, Description = "only: how long guarded auto-promotion takes on synthetic arms (uses --seeds, --horizon)" };
    private static readonly Option<Uri?> Router = new("--router")
    {
        HelpName = "url",
        Description = "instead: drive a running Router over HTTP with the held-out arrivals (POST /choose, reward from the held-out ratings, POST /update)",
        CustomParser = RouterUri,
    };

    private static readonly RootCommand Root = new(Description) { Data, Output, Seeds, ModelSeed, K, MaxArrivals, Horizon, RefreshEvery, HalfLife, SyntheticOnly, AutoPromotion, Router };

    /// <summary>The help text, as <c>--help</c> prints it.</summary>
    public static string Usage { get; } = HelpText();

    /// <summary>The version line, as <c>--version</c> (listed by <c>--help</c>) prints it.</summary>
    public static string Version { get; } = Invoked("--version");

    /// <summary>Whether the command line asks for the version alone (without this, <c>--version</c> was ignored and the
    /// whole simulation ran).</summary>
    public static bool AsksForVersion(IReadOnlyList<string> args)
    {
        var parsed = Root.Parse(args);
        return parsed.Errors.Count == 0 && BuiltInOptions.AsksForVersion(Root, parsed);
    }

    /// <summary>The options, or null when help was asked for.</summary>
    public static ReplayOptions? Parse(IReadOnlyList<string> args)
    {
        var parsed = Root.Parse(args);
        if (parsed.Action is HelpAction)
        {
            return null;
        }

        if (parsed.Errors.Count > 0)
        {
            throw new UsageException(string.Join("; ", parsed.Errors.Select(e => e.Message.TrimEnd('.'))) + " (try --help)");
        }

        var defaults = new ReplayOptions();
        return defaults with
        {
            Data = parsed.GetValue(Data),
            Output = parsed.GetValue(Output)!,
            Seeds = parsed.GetValue(Seeds),
            ModelSeed = parsed.GetValue(ModelSeed),
            K = parsed.GetValue(K),
            MaxArrivals = parsed.GetValue(MaxArrivals),
            Horizon = parsed.GetValue(Horizon),
            RefreshEvery = parsed.GetValue(RefreshEvery),
            HalfLife = parsed.GetValue(HalfLife) ?? defaults.HalfLife,
            SyntheticOnly = parsed.GetValue(SyntheticOnly),
            AutoPromotion = parsed.GetValue(AutoPromotion),
            Router = parsed.GetValue(Router),
        };
    }

    private static Option<int> Int(string name, string description, int min, int max, int defaultValue) => new(name)
    {
        HelpName = "n",
        Description = $"{description}, {min}..{max}",
        DefaultValueFactory = _ => defaultValue,
        CustomParser = r => Ranged(r, min, max) ?? 0,
    };

    /// <summary>The option's integer, or null with an error naming the option, the range and the bad value.</summary>
    private static int? Ranged(System.CommandLine.Parsing.ArgumentResult result, int min, int max)
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : "";
        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max)
        {
            return n;
        }

        var name = (result.Parent as System.CommandLine.Parsing.OptionResult)?.Option.Name;
        result.AddError($"{name}: expected an integer from {min} to {max}, got '{text}'");
        return null;
    }

    private static Uri? RouterUri(System.CommandLine.Parsing.ArgumentResult result)
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : "";
        if (Uri.TryCreate(text.EndsWith('/') ? text : text + "/", UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps))
        {
            return uri;
        }

        result.AddError($"--router: expected an http(s) URL such as http://127.0.0.1:5080, got '{text}'");
        return null;
    }

    private static string HelpText() => Invoked("--help");

    private static string Invoked(string builtIn) => BuiltInOptions.Output(Root, builtIn);
}
