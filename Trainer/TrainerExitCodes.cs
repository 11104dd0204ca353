namespace Bandit.Trainer;

/// <summary>The Trainer's process exit codes (also in <c>--help</c> and Trainer/README.md).</summary>
public static class TrainerExitCodes
{
    /// <summary>Trained, evaluated, logged and registered — or nothing new to register.</summary>
    public const int Done = 0;

    /// <summary>Anything unexpected (a bug or an ML.NET failure).</summary>
    public const int Failed = 1;

    /// <summary>A bad command-line argument or unusable data.</summary>
    public const int BadArgument = 2;

    /// <summary>MLflow unreachable, or it answered a request with an error.</summary>
    public const int MlflowFailed = 3;
}
