using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Bandit.Mlflow;

/// <summary>
/// The <c>MLmodel</c> file at the root of an MLflow model folder (YAML): which flavors can load the
/// model and how, the run that produced it, and its signature (input and output schemas as JSON strings,
/// as MLflow writes them). Unknown keys are ignored when reading.
/// </summary>
public sealed class MlModelFile
{
    public const string FileName = "MLmodel";

    private static readonly IDeserializer Reader = new DeserializerBuilder()
        .WithNamingConvention(UnderscoredNamingConvention.Instance)
        .IgnoreUnmatchedProperties()
        .Build();

    private static readonly ISerializer Writer = new SerializerBuilder()
        .WithNamingConvention(UnderscoredNamingConvention.Instance)
        .ConfigureDefaultValuesHandling(DefaultValuesHandling.OmitNull)
        .Build();

    public string? ArtifactPath { get; set; }

    /// <summary>Flavor name → its settings (e.g. <c>mlnet: {model_file: model.zip}</c>).</summary>
    public Dictionary<string, Dictionary<string, object?>> Flavors { get; set; } = [];

    public string? RunId { get; set; }

    /// <summary>MLflow's format, <c>yyyy-MM-dd HH:mm:ss.ffffff</c>, quoted so YAML readers keep it a string.</summary>
    [YamlMember(ScalarStyle = ScalarStyle.SingleQuoted)]
    public string? UtcTimeCreated { get; set; }

    public string? MlflowVersion { get; set; }

    public string? ModelUuid { get; set; }

    public long? ModelSizeBytes { get; set; }

    public MlModelSignature? Signature { get; set; }

    /// <summary>Where the input example is and how it is encoded, as MLflow writes it:
    /// <c>{artifact_path: input_example.json, serving_input_path: serving_input_example.json, type: ndarray}</c>.</summary>
    public Dictionary<string, object?>? SavedInputExampleInfo { get; set; }

    /// <summary>A new file for a model created now, with a fresh <see cref="ModelUuid"/>.</summary>
    public static MlModelFile Create(string artifactPath, string? runId, DateTimeOffset? createdAt = null) => new()
    {
        ArtifactPath = artifactPath,
        RunId = runId,
        UtcTimeCreated = (createdAt ?? DateTimeOffset.UtcNow).UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.ffffff", System.Globalization.CultureInfo.InvariantCulture),
        ModelUuid = Guid.NewGuid().ToString("N"),
    };

    public static MlModelFile Parse(string yaml) =>
        Reader.Deserialize<MlModelFile?>(yaml) ?? throw new FormatException("The MLmodel file is empty.");

    /// <summary>Reads <c>MLmodel</c> from a model folder (or the file itself).</summary>
    public static MlModelFile Load(string path) =>
        Parse(File.ReadAllText(Directory.Exists(path) ? Path.Combine(path, FileName) : path));

    public string ToYaml() => Writer.Serialize(this);

    /// <summary>Writes <c>MLmodel</c> into <paramref name="modelDir"/> and returns the file's path.</summary>
    public string Save(string modelDir)
    {
        Directory.CreateDirectory(modelDir);
        var path = Path.Combine(modelDir, FileName);
        File.WriteAllText(path, ToYaml());
        return path;
    }
}

/// <summary>A model signature: MLflow's column-spec JSON for inputs and outputs, stored as strings.</summary>
public sealed class MlModelSignature
{
    [YamlMember(ScalarStyle = ScalarStyle.SingleQuoted)]
    public string? Inputs { get; set; }

    [YamlMember(ScalarStyle = ScalarStyle.SingleQuoted)]
    public string? Outputs { get; set; }

    [YamlMember(ScalarStyle = ScalarStyle.SingleQuoted)]
    public string? Params { get; set; }
}
