namespace Bandit.Registry.Infrastructure;

/// <summary>Random run names in MLflow's style (<c>loud-zebra-204</c>) for runs created without one.</summary>
internal static class RunNames
{
    private static readonly string[] Adjectives =
        ["able", "bold", "brave", "calm", "clever", "crisp", "eager", "fair", "gentle", "glad", "honest", "keen", "kind", "loud", "lucky", "merry", "nimble", "proud", "quick", "quiet", "sharp", "shy", "silent", "swift", "tidy", "vivid", "warm", "wise"];

    private static readonly string[] Nouns =
        ["ant", "bass", "bear", "bee", "cat", "crab", "crow", "deer", "dove", "eel", "finch", "fox", "frog", "goat", "hawk", "horse", "lark", "lynx", "mole", "moth", "owl", "ram", "seal", "shark", "snail", "stork", "toad", "wolf", "wren", "zebra"];

    public static string Next() =>
        $"{Adjectives[Random.Shared.Next(Adjectives.Length)]}-{Nouns[Random.Shared.Next(Nouns.Length)]}-{Random.Shared.Next(1000)}";
}
