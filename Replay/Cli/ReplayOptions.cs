using Bandit.MovieLens.Features;

namespace Bandit.Replay.Cli;

/// <summary>The replay command's options (see <see cref="CommandLine.Usage"/>).</summary>
public sealed record ReplayOptions
{
    /// <summary>The MovieLens folder; null = <c>data/movielens/ml-latest-small</c> of the repository.</summary>
    public string? Data { get; init; }

    public string Output { get; init; } = "replay-results";

    public int Seeds { get; init; } = 20;

    /// <summary>The Trainer's seed for features and models (the registered models use the Trainer's default).</summary>
    public int ModelSeed { get; init; } = TrainingSetBuilder.DefaultSeed;

    public int K { get; init; } = 10;

    /// <summary>Replay only the first N arrivals (null = all).</summary>
    public int? MaxArrivals { get; init; }

    /// <summary>Decisions per synthetic run.</summary>
    public int Horizon { get; init; } = 10_000;

    /// <summary>The posterior snapshot is rebuilt every this many decisions (the Router's cache staleness).</summary>
    public int RefreshEvery { get; init; } = 10;

    /// <summary>Discounted Thompson sampling's half-life, in decisions (the simulation clock runs one second per decision).</summary>
    public double HalfLife { get; init; } = Bandit.Replay.Simulation.BanditSimulator.DefaultHalfLife;

    /// <summary>A running Router to drive over HTTP instead of the in-process simulation (null = in-process).</summary>
    public Uri? Router { get; init; }

    /// <summary>Only the auto-promotion simulation (decisions until promotion on synthetic arms).</summary>
    public bool AutoPromotion { get; init; }

    /// <summary>Skip the MovieLens replay (synthetic arms only).</summary>
    public bool SyntheticOnly { get; init; }
}
