namespace Bandit.Contracts;

/// <summary>
/// The configuration sections of the services, and the keys one process sets for another (the AppHost, the benchmarks'
/// launchers): DESIGN.md's Configuration table. A key is given as an environment variable by <see cref="EnvironmentVariable"/>.
/// </summary>
public static class ConfigurationKeys
{
    /// <summary><c>Variant:Alias</c> → <c>Variant__Alias</c>, the form every key takes in an environment variable.</summary>
    public static string EnvironmentVariable(string key) => key.Replace(":", "__", StringComparison.Ordinal);

    /// <summary>A Variants instance: which model it serves.</summary>
    public static class Variant
    {
        public const string Section = "Variant";
        public const string Alias = Section + ":Alias";
        public const string ModelName = Section + ":ModelName";
        public const string PollInterval = Section + ":PollInterval";
    }

    /// <summary>The Router.</summary>
    public static class Router
    {
        public const string Section = "Router";
        public const string AdminKey = Section + ":AdminKey";
        public const string ConfigModel = Section + ":ConfigModel";
        public const string ConfigPollInterval = Section + ":ConfigPollInterval";
        public const string OutageLogPath = Section + ":OutageLogPath";
    }

    /// <summary>The bundled MLflow-compatible registry.</summary>
    public static class Registry
    {
        public const string Section = "Registry";
        public const string DataDir = Section + ":DataDir";
    }

    /// <summary>The Ui.</summary>
    public static class Ui
    {
        public const string Section = "Ui";
    }
}
