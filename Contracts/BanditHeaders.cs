namespace Bandit.Contracts;

/// <summary>
/// The decision headers (DESIGN.md, HTTP surface): the Router sets them on its <c>/choose</c> answer and on the request it
/// forwards to the variant, which tags its span with them; clients read them beside the body.
/// </summary>
public static class BanditHeaders
{
    public const string Arm = "X-Bandit-Arm";
    public const string Decision = "X-Bandit-Decision";
    public const string Propensity = "X-Bandit-Propensity";
}
