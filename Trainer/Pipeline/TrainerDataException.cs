namespace Bandit.Trainer.Pipeline;

/// <summary>The data set cannot be resolved or read; the Trainer exits with <see cref="TrainerExitCodes.BadArgument"/>.</summary>
public sealed class TrainerDataException(string message, Exception? innerException = null) : Exception(message, innerException);
