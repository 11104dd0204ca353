using System.Globalization;
using Bandit.Contracts;

namespace Bandit.Router.Choosing;

/// <summary>
/// <c>X-Bandit-Arm</c>, <c>X-Bandit-Decision</c> and <c>X-Bandit-Propensity</c>: set on the forwarded request (the variant
/// echoes them into its body) and on the response to the client.
/// </summary>
public static class DecisionHeaders
{
    /// <summary>Sets the three headers, replacing any the client sent.</summary>
    public static void Set(IHeaderDictionary headers, Decision decision)
    {
        headers[BanditHeaders.Arm] = decision.Arm;
        headers[BanditHeaders.Decision] = decision.Token;
        headers[BanditHeaders.Propensity] = decision.Propensity.ToString("R", CultureInfo.InvariantCulture);
    }

    /// <summary>The decision the client gets; its headers are written when the response starts (after any retry).</summary>
    internal sealed class Served(HttpContext context)
    {
        public Decision? Decision { get; set; }

        /// <summary>The decision's recording (in the store, or the outage log): finished before the client sees the decision.</summary>
        public Task? Recording { get; set; }

        public async Task WriteHeaders()
        {
            if (Recording is { } recording)
            {
                await recording;
            }

            if (Decision is { } decision && context.Response.StatusCode < 500)
            {
                Set(context.Response.Headers, decision);
            }
        }
    }
}
