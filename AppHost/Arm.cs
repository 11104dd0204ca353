namespace Aspire.Hosting;

/// <summary>One arm of the experiment: the variant resource's name, the registry alias it serves, and its port.</summary>
internal sealed record Arm(string Resource, string Alias, int Port);
