namespace Bandit.TestSupport;

/// <summary>How a case carries the credential of a route behind one.</summary>
public enum SweepAuth
{
    /// <summary>The right credential when the route needs one (the input is what is bad).</summary>
    Right,

    /// <summary>No credential: a route behind one must answer 401.</summary>
    None,

    /// <summary>A wrong credential (<see cref="SweepCase.WrongCredential"/>): a 401 too.</summary>
    Wrong,
}

/// <summary>One bad request of a sweep: the target as it goes on the request line (already percent-encoded) and the raw body.</summary>
public sealed record SweepCase(SweepOperation Operation, string Name, string Target, byte[]? Body, string? ContentType, SweepAuth Auth = SweepAuth.Right,
    (string Header, string Value)? WrongCredential = null)
{
    public override string ToString() => $"{Operation.Method} {Target[..Math.Min(Target.Length, 160)]} [{Name}]";
}
