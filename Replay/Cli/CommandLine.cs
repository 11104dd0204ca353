using System.Globalization;

namespace Bandit.Replay.Cli;

/// <summary>A bad command line, with the one line to print.</summary>
public sealed class UsageException(string message) : Exception(message);

/// <summary>Parses <c>--name value</c> options; unknown options and bad values throw <see cref="UsageException"/>.</summary>
public static class CommandLine
{
    public const string Usage = """
        Bandit.Replay: replay simulator and bandit evaluation (hash, Thompson, UCB1, epsilon-greedy, discounted Thompson,
        linear Thompson over a user context).

        usage: dotnet run -c Release --project Replay -- [options]

          --data <folder>         MovieLens folder (default: data/movielens/ml-latest-small of the repository)
          --output <folder>       where replay-results.md and the PNG plots go (default: replay-results)
          --seeds <n>             seeds per strategy, 1..1000 (default 20)
          --model-seed <n>        the Trainer's seed for features and models (default 12345, as registered)
          --k <n>                 recommendations per arrival, 1..100 (default 10)
          --max-arrivals <n>      replay only the first n arrivals in time order (default: all)
          --horizon <n>           decisions per synthetic run, 100..1000000 (default 10000)
          --refresh-every <n>     rebuild the posterior snapshot every n decisions, as the Router's cache (default 10)
          --half-life <n>         discounted Thompson sampling's half-life in decisions, 1..10000000 (default 500)
          --synthetic-only        skip the MovieLens replay
          --router <url>          instead: drive a running Router over HTTP with the held-out arrivals
                                  (POST /choose, reward from the held-out ratings, POST /update)
          --help                  this text
        """;

    /// <summary>The options, or null when help was asked for.</summary>
    public static ReplayOptions? Parse(IReadOnlyList<string> args)
    {
        var options = new ReplayOptions();
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            string Value() => i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal)
                ? args[++i]
                : throw new UsageException($"{name} needs a value");
            int Int(int min, int max)
            {
                var text = Value();
                return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max
                    ? n
                    : throw new UsageException($"{name}: expected an integer from {min} to {max}, got '{text}'");
            }

            options = name switch
            {
                "--help" or "-h" => null,
                "--data" => options with { Data = Value() },
                "--output" => options with { Output = Value() },
                "--seeds" => options with { Seeds = Int(1, 1000) },
                "--model-seed" => options with { ModelSeed = Int(0, int.MaxValue) },
                "--k" => options with { K = Int(1, 100) },
                "--max-arrivals" => options with { MaxArrivals = Int(1, int.MaxValue) },
                "--horizon" => options with { Horizon = Int(100, 1_000_000) },
                "--refresh-every" => options with { RefreshEvery = Int(1, 100_000) },
                "--half-life" => options with { HalfLife = Int(1, 10_000_000) },
                "--synthetic-only" => options with { SyntheticOnly = true },
                "--router" => options with { Router = RouterUri(Value()) },
                _ => throw new UsageException($"unknown option '{name}' (try --help)"),
            };
            if (options is null)
            {
                return null;
            }
        }

        return options;
    }

    private static Uri RouterUri(string text) =>
        Uri.TryCreate(text.EndsWith('/') ? text : text + "/", UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? uri
            : throw new UsageException($"--router: expected an http(s) URL such as http://127.0.0.1:5080, got '{text}'");
}
