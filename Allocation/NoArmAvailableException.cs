namespace Bandit.Allocation;

/// <summary>Thrown by a strategy when every arm it may choose is unavailable (or, for the hash split, has weight 0).</summary>
public sealed class NoArmAvailableException(string message) : InvalidOperationException(message);
