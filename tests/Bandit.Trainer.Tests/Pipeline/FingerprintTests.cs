using Bandit.Trainer.Cli;
using Bandit.Trainer.Evaluation;
using Bandit.Training.Modeling;
using Bandit.Trainer.Pipeline;

namespace Bandit.Trainer.Tests.Pipeline;

public sealed class FingerprintTests
{
    private readonly TrainerOptions _options = new();

    [Fact]
    public void Compute_SameInputs_SameFingerprint()
    {
        var a = Fingerprint.Compute("data", _options, Policies.All(_options.Seed));
        var b = Fingerprint.Compute("data", _options with { Promote = true, TrackingUri = new Uri("http://other:1") }, Policies.All(_options.Seed));

        // Promote and the tracking URI say where and how to register, not what is trained.
        Assert.Equal(a, b);
        Assert.Matches("^[0-9a-f]{64}$", a);
    }

    [Theory]
    [InlineData("seed")]
    [InlineData("folds")]
    [InlineData("split")]
    [InlineData("bootstrap")]
    [InlineData("top_users")]
    [InlineData("data")]
    public void Compute_AnyTrainingInputChanged_DifferentFingerprint(string what)
    {
        var reference = Fingerprint.Compute("data", _options, Policies.All(_options.Seed));
        var changed = what switch
        {
            "seed" => Fingerprint.Compute("data", _options with { Seed = 7 }, Policies.All(7)),
            "folds" => Fingerprint.Compute("data", _options with { Folds = 3 }, Policies.All(_options.Seed)),
            "split" => Fingerprint.Compute("data", _options with { Split = MovieLens.Features.SplitKind.GlobalTime }, Policies.All(_options.Seed)),
            "bootstrap" => Fingerprint.Compute("data", _options with { BootstrapResamples = 100 }, Policies.All(_options.Seed)),
            "top_users" => Fingerprint.Compute("data", _options with { TopListUsers = 20 }, Policies.All(_options.Seed)),
            _ => Fingerprint.Compute("other data", _options, Policies.All(_options.Seed)),
        };

        Assert.NotEqual(reference, changed);
    }

    [Fact]
    public void HashDataFolder_ContentChange_ChangesHash()
    {
        var folder = Directory.CreateTempSubdirectory("trainer-fp-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(folder, "ratings.csv"), "userId,movieId,rating,timestamp\n1,1,4.0,1\n");
            var before = Fingerprint.HashDataFolder(folder);
            var again = Fingerprint.HashDataFolder(folder);
            File.WriteAllText(Path.Combine(folder, "ratings.csv"), "userId,movieId,rating,timestamp\n1,1,3.0,1\n");

            Assert.Equal(before, again);
            Assert.NotEqual(before, Fingerprint.HashDataFolder(folder));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void FoldOfUser_SameSeed_IsStableAndUsesEveryFold()
    {
        var folds = Enumerable.Range(1, 600).Select(u => CrossValidator.FoldOfUser(u, 5, 12345)).ToArray();

        Assert.Equal(folds, Enumerable.Range(1, 600).Select(u => CrossValidator.FoldOfUser(u, 5, 12345)));
        // 600 users hashed uniformly into 5 folds: each expects 120 (sd ≈ 9.8); 80 is 4 sd below.
        Assert.All(Enumerable.Range(0, 5), f => Assert.InRange(folds.Count(x => x == f), 80, 160));
    }
}
