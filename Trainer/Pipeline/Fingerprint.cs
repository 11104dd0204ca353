using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Bandit.MovieLens.Features;
using Bandit.Trainer.Cli;
using Bandit.Training.Modeling;

namespace Bandit.Trainer.Pipeline;

/// <summary>
/// The identity of a training run's output: SHA-256 (hex) over the data files' content hashes, the split, folds,
/// seed, bootstrap resamples, top-list users, <see cref="FeatureSpec.Version"/>, <see cref="PipelineVersion"/> and every policy's
/// hyper-parameters. Two runs with the same fingerprint produce the same models, so the second registers nothing.
/// </summary>
public static class Fingerprint
{
    /// <summary>Bump when the Trainer's pipeline changes what it produces for the same inputs.</summary>
    public const string PipelineVersion = "trainer/2";

    /// <summary>SHA-256 over every file directly in <paramref name="folder"/>, by ordinal name: name, NUL, content hash.</summary>
    public static string HashDataFolder(string folder)
    {
        using var all = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var file in Directory.EnumerateFiles(folder).Order(StringComparer.Ordinal))
        {
            using var stream = File.OpenRead(file);
            all.AppendData(Encoding.UTF8.GetBytes(Path.GetFileName(file) + "\0"));
            all.AppendData(SHA256.HashData(stream));
        }

        return Convert.ToHexStringLower(all.GetHashAndReset());
    }

    /// <summary>The canonical text that is hashed, one <c>key=value</c> per line (kept readable for debugging).</summary>
    public static string Canonical(string dataHash, TrainerOptions options, IReadOnlyList<IPolicyModel> policies)
    {
        var text = new StringBuilder();
        void Line(string key, string value) => text.Append(key).Append('=').Append(value).Append('\n');
        Line("pipeline", PipelineVersion);
        Line("features", FeatureSpec.Version);
        Line("data", dataHash);
        Line("split", options.Split.CliName());
        Line("folds", options.Folds.ToString(CultureInfo.InvariantCulture));
        Line("oof_folds", TrainingSetBuilder.DefaultFolds.ToString(CultureInfo.InvariantCulture));
        Line("seed", options.Seed.ToString(CultureInfo.InvariantCulture));
        Line("bootstrap", options.BootstrapResamples.ToString(CultureInfo.InvariantCulture));
        Line("top_users", options.TopListUsers.ToString(CultureInfo.InvariantCulture));
        foreach (var policy in policies.OrderBy(p => p.Policy, StringComparer.Ordinal))
        {
            Line(policy.Policy + ".trainer", policy.Trainer);
            foreach (var (key, value) in policy.HyperParameters.OrderBy(h => h.Key, StringComparer.Ordinal))
            {
                Line(policy.Policy + "." + key, value);
            }
        }

        return text.ToString();
    }

    public static string Compute(string dataHash, TrainerOptions options, IReadOnlyList<IPolicyModel> policies) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Canonical(dataHash, options, policies))));
}
