using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Bandit.Allocation.AutoPromotion;
using Bandit.Contracts;

namespace Bandit.Allocation;

/// <summary>
/// The live allocation: the JSON artifact <c>router_config.json</c> of a <c>movielens_ctr_router</c> model
/// version (snake_case keys). Immutable; equality compares every field, arms element by element.
/// </summary>
public sealed partial record RouterConfig(
    string Strategy,
    IReadOnlyList<ArmConfig> Arms,
    BetaPrior Prior,
    string Salt,
    double Epsilon = 0.1,
    double UcbExploration = 2.0,
    double DiscountHalfLifeSeconds = RouterConfig.DefaultDiscountHalfLifeSeconds,
    double LinearExploration = RouterConfig.DefaultLinearExploration,
    double LinearRidge = 1.0,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] AutoPromotionSettings? AutoPromotion = null)
{
    /// <summary>One hour: evidence older than a few hours hardly counts under discounted Thompson sampling.</summary>
    public const double DefaultDiscountHalfLifeSeconds = 3600;

    /// <summary>The scale v of linear Thompson sampling's posterior (see <see cref="LinearThompsonStrategy"/>).</summary>
    public const double DefaultLinearExploration = 0.25;

    /// <summary>The name of the artifact that holds this JSON in a model version.</summary>
    public const string ArtifactFileName = "router_config.json";

    private static readonly JsonSerializerOptions _json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    /// <summary>Thompson sampling over PolicyA and PolicyB, half the hash split each, a uniform prior.</summary>
    public static RouterConfig Default { get; } = new(
        StrategyNames.Thompson,
        [
            new(RegistryNames.PolicyA, RegistryNames.PolicyA, ResourceNames.VariantA, 0.5),
            new(RegistryNames.PolicyB, RegistryNames.PolicyB, ResourceNames.VariantB, 0.5),
        ],
        BetaPrior.Uniform,
        "movielens-ab");

    /// <summary>
    /// A short stable hash (16 hex digits of SHA-256) of the ordered arm set — names, aliases and services,
    /// not strategy, weights, prior or salt — so a strategy switch keeps the posteriors and a new arm set
    /// starts a new experiment (its Redis keys are <c>bandit:{key}:…</c>).
    /// </summary>
    [JsonIgnore]
    public string ExperimentKey
    {
        get
        {
            // Unit and record separators cannot occur in validated names, so the encoding is unambiguous.
            var canonical = new StringBuilder();
            foreach (var arm in Arms)
            {
                canonical.Append(arm.Name).Append('\u001f').Append(arm.Alias).Append('\u001f').Append(arm.Service).Append('\u001e');
            }

            var digest = SHA256.HashData(Encoding.UTF8.GetBytes(canonical.ToString()));
            return Convert.ToHexStringLower(digest, 0, 8);
        }
    }

    /// <summary>Reads the JSON; throws <see cref="FormatException"/> naming the problem when it is malformed.
    /// Does not validate: call <see cref="Validate"/> (or use <see cref="TryParse"/>).</summary>
    public static RouterConfig Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            return JsonSerializer.Deserialize<RouterConfig>(json, _json)
                ?? throw new FormatException($"{ArtifactFileName}: expected a JSON object, got null.");
        }
        catch (JsonException e)
        {
            throw new FormatException($"{ArtifactFileName}: {e.Message}", e);
        }
    }

    /// <summary>Parses and validates; on failure <paramref name="errors"/> lists every problem.</summary>
    public static bool TryParse(string json, out RouterConfig? config, out IReadOnlyList<string> errors)
    {
        try
        {
            config = Parse(json);
        }
        catch (FormatException e)
        {
            config = null;
            errors = [e.Message];
            return false;
        }

        errors = config.Validate();
        if (errors.Count == 0)
        {
            return true;
        }

        config = null;
        return false;
    }

    public string ToJson() => JsonSerializer.Serialize(this, _json);

    /// <summary>
    /// The same experiment under another strategy (the name in any case; an unknown one is kept as given
    /// so <see cref="Validate"/> reports it), optionally with new hash weights, one per arm in order.
    /// </summary>
    public RouterConfig WithStrategy(string name, IReadOnlyList<double>? weights = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        var strategy = StrategyNames.TryNormalize(name, out var canonical) ? canonical : name;
        if (weights is null)
        {
            return this with { Strategy = strategy };
        }

        if (weights.Count != Arms.Count)
        {
            throw new ArgumentException($"weights: expected {Arms.Count} weights, one per arm, got {weights.Count}.", nameof(weights));
        }

        return this with { Strategy = strategy, Arms = [.. Arms.Select((a, i) => a with { Weight = weights[i] })] };
    }

    public bool Equals(RouterConfig? other) =>
        other is not null
        && Strategy == other.Strategy
        && Salt == other.Salt
        && Equals(Prior, other.Prior)
        && Epsilon.Equals(other.Epsilon)
        && UcbExploration.Equals(other.UcbExploration)
        && DiscountHalfLifeSeconds.Equals(other.DiscountHalfLifeSeconds)
        && LinearExploration.Equals(other.LinearExploration)
        && LinearRidge.Equals(other.LinearRidge)
        && Equals(AutoPromotion, other.AutoPromotion)
        && (ReferenceEquals(Arms, other.Arms) || (Arms is not null && other.Arms is not null && Arms.SequenceEqual(other.Arms)));

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Strategy);
        hash.Add(Salt);
        hash.Add(Prior);
        hash.Add(Epsilon);
        hash.Add(UcbExploration);
        hash.Add(DiscountHalfLifeSeconds);
        hash.Add(LinearExploration);
        hash.Add(LinearRidge);
        hash.Add(AutoPromotion);
        foreach (var arm in Arms ?? [])
        {
            hash.Add(arm);
        }

        return hash.ToHashCode();
    }
}
