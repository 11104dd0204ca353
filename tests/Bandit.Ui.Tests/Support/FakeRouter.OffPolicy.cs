using Bandit.Router.Experiment.Stats;
using Bandit.Router.Store;
using Microsoft.AspNetCore.Http;

namespace Bandit.Ui.Tests.Support;

// /stats/offpolicy: the fake's own decision log (arm, propensity 0.5, user) and rewards, estimated by the Router's
// LiveOffPolicy itself, so the Ui is shown the figures the Router would compute from the same log.
public sealed partial class FakeRouter
{
    private readonly List<BanditEvent> _log = [];

    private void LogDecision(string decisionId, string arm, long userId)
    {
        lock (_lock)
        {
            _log.Add(new BanditEvent(BanditEventTypes.Decision, decisionId, arm, 0.5, null, _strategy, $"u{userId}", _log.Count));
        }
    }

    private void LogReward(string decisionId, string arm, int reward)
    {
        lock (_lock)
        {
            _log.Add(new BanditEvent(BanditEventTypes.Reward, decisionId, arm, 0.5, reward, _strategy, null, _log.Count));
        }
    }

    private IResult OffPolicy(int? window)
    {
        lock (_lock)
        {
            return Results.Json(LiveOffPolicy.Estimate([.. _log], [.. _arms.Select(a => a.Arm)], window ?? 10_000));
        }
    }
}
