using System.Diagnostics;
using Bandit.Contracts.Flavors;
using Bandit.Mlflow;
using Bandit.MovieLens.Features;
using Bandit.Variants.Extensions;
using Bandit.Variants.Serving.Ranking;
using Microsoft.Extensions.Options;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.LightGbm;

namespace Bandit.Variants.Serving;

/// <summary>
/// Turns a registry version into a <see cref="LoadedModel"/>: downloads its artifacts (by version number, so a
/// moving alias cannot mix two versions), checks the <c>mlnet</c> flavor and the feature-spec version, loads the
/// feature state and the ML.NET model, ranks once for a cold-start user so a broken model fails here, not in a
/// request, and picks the ranker (<see cref="CtrModelCompiler"/>), whose check also warms it up for the first request.
/// </summary>
public sealed class ModelLoader(MlflowClient client, IOptions<VariantOptions> options, TimeProvider time, ILogger<ModelLoader> logger)
{
    private readonly VariantOptions _options = options.Value;

    public async Task<LoadedModel> LoadAsync(ModelVersion version, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var root = Path.Combine(_options.DownloadDir ?? Path.GetTempPath(), "bandit-variants");
        var folder = Path.Combine(root, $"{_options.Alias}-v{version.Version}-{Guid.NewGuid():N}");
        try
        {
            await client.DownloadModelAsync(ModelUri.ForVersion(version.Name, version.Version).ToString(), folder, cancellationToken);
            var (flavor, ranker, runId, fallback) = await Task.Run(() => LoadFolder(folder), cancellationToken);
            if (fallback is not null)
            {
                VariantsLog.NotCompiled(logger, version.Name, version.Version, fallback);
            }

            return new LoadedModel(_options.Alias, version, version.RunId ?? runId, flavor, ranker, time.GetUtcNow(), Stopwatch.GetElapsedTime(started));
        }
        finally
        {
            TryDelete(folder);
        }
    }

    /// <summary>
    /// Loads a downloaded model folder into a ranker (compiled when <see cref="CtrModelCompiler"/> can do it exactly,
    /// else ML.NET's, with the reason in <c>Fallback</c>); throws <see cref="ModelLoadException"/> when it cannot be served.
    /// </summary>
    public static (MlnetFlavor Flavor, IRanker Ranker, string? RunId, string? Fallback) LoadFolder(string folder)
    {
        MlModelFile file;
        try
        {
            file = MlModelFile.Load(folder);
        }
        catch (FileNotFoundException)
        {
            throw new ModelLoadException($"the version has no {MlModelFile.FileName} file");
        }
        catch (Exception e) when (e is YamlDotNet.Core.YamlException or FormatException)
        {
            throw new ModelLoadException($"the {MlModelFile.FileName} file is not valid YAML: {e.Message}", e);
        }

        MlnetFlavor flavor;
        try
        {
            flavor = MlnetFlavor.Read(file.Flavors, FeatureState.FileName);
        }
        catch (InvalidDataException e)
        {
            throw new ModelLoadException(e.Message, e);
        }

        if (flavor.FeatureSpecVersion != FeatureSpec.Version)
        {
            throw new ModelLoadException($"the model was trained on features {flavor.FeatureSpecVersion}; this service computes {FeatureSpec.Version}");
        }

        var state = LoadState(Inside(folder, flavor.FeatureState));
        var mlContext = new MLContext(seed: 0);
        var model = LoadModel(mlContext, Inside(folder, flavor.ModelFile));
        var scorer = new CandidateScorer(mlContext, model, state);
        Probe(scorer);
        var (ranker, fallback) = CtrModelCompiler.Choose(scorer, model);
        return (flavor, ranker, file.RunId, fallback);
    }

    private static FeatureState LoadState(string path)
    {
        try
        {
            return FeatureState.LoadFile(path);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or FeatureVersionMismatchException)
        {
            throw new ModelLoadException($"the feature state {Path.GetFileName(path)} cannot be used: {e.Message}", e);
        }
    }

    private static ITransformer LoadModel(MLContext mlContext, string path)
    {
        // LightGBM's loaders live in an assembly nothing else here touches; make them known to this context.
        mlContext.ComponentCatalog.RegisterAssembly(typeof(LightGbmBinaryModelParameters).Assembly);
        // Policy C's models carry the CtrFields split as a custom mapping, found by its contract in the MovieLens library.
        mlContext.ComponentCatalog.RegisterAssembly(typeof(CtrFieldsMapping).Assembly);
        ITransformer model;
        DataViewSchema input;
        try
        {
            using var stream = new MemoryStream(File.ReadAllBytes(path), writable: false);
            model = mlContext.Model.Load(stream, out input);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new ModelLoadException($"the ML.NET model {Path.GetFileName(path)} cannot be loaded: {e.Message}", e);
        }

        var features = input.GetColumnOrNull(CtrInput.FeaturesColumn);
        if (features?.Type is not VectorDataViewType { ItemType: NumberDataViewType, Size: FeatureSpec.Length } vector || vector.ItemType != NumberDataViewType.Single)
        {
            throw new ModelLoadException($"the model's input has no {CtrInput.FeaturesColumn} column of {FeatureSpec.Length} floats (found {features?.Type.ToString() ?? "none"})");
        }

        return model;
    }

    private static void Probe(CandidateScorer scorer)
    {
        if (scorer.State.CatalogueIds.Count == 0)
        {
            throw new ModelLoadException("the feature state's catalogue is empty");
        }

        IReadOnlyList<ScoredMovie> top;
        try
        {
            top = scorer.TopK(userId: -1, k: 1);
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or FormatException)
        {
            throw new ModelLoadException($"the model cannot score: {e.Message}", e);
        }

        if (top.Count == 0 || !float.IsFinite(top[0].Probability))
        {
            throw new ModelLoadException("the model scores the catalogue as NaN");
        }
    }

    /// <summary>A path named by the MLmodel file, kept inside the downloaded folder.</summary>
    private static string Inside(string folder, string relative)
    {
        var root = Path.GetFullPath(folder) + Path.DirectorySeparatorChar;
        var full = Path.GetFullPath(Path.Combine(root, relative));
        if (!full.StartsWith(root, StringComparison.Ordinal))
        {
            throw new ModelLoadException($"'{relative}' points outside the model folder");
        }

        return File.Exists(full) ? full : throw new ModelLoadException($"the version has no {relative}");
    }

    private void TryDelete(string folder)
    {
        try
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            VariantsLog.CleanupFailed(logger, folder, e.Message);
        }
    }
}
