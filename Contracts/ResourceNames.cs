namespace Bandit.Contracts;

/// <summary>
/// The AppHost's resource names (DESIGN.md, Configuration): also the service names a client resolves through
/// service discovery (<c>services:router:http:0</c> → <c>http://router</c>).
/// </summary>
public static class ResourceNames
{
    public const string Redis = "redis";
    public const string Mlflow = "mlflow";
    public const string Trainer = "trainer";
    public const string Router = "router";
    public const string Ui = "ui";

    /// <summary>The variant serving <see cref="RegistryNames.PolicyA"/> in the default experiment.</summary>
    public const string VariantA = "variant-a";

    /// <summary>The variant serving <see cref="RegistryNames.PolicyB"/> in the default experiment.</summary>
    public const string VariantB = "variant-b";

    /// <summary>The variant serving <see cref="RegistryNames.PolicyC"/> in the default experiment (issue 19's third arm).</summary>
    public const string VariantC = "variant-c";
}
