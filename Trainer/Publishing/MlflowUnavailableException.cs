namespace Bandit.Trainer.Publishing;

/// <summary>The MLflow server cannot be reached or failed; the Trainer exits with <see cref="TrainerExitCodes.MlflowFailed"/>.</summary>
public sealed class MlflowUnavailableException(string message, Exception? innerException = null) : Exception(message, innerException);
