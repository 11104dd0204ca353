namespace Bandit.Variants.Serving;

/// <summary>A model version that cannot be served: its artifacts are missing, malformed or of another feature version.</summary>
public sealed class ModelLoadException(string message, Exception? innerException = null) : Exception(message, innerException);
