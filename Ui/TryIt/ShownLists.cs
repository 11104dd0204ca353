using System.Collections.Concurrent;
using System.Security.Cryptography;
using Bandit.Ui.Routing;

namespace Bandit.Ui.TryIt;

/// <summary>A list the Try-it page showed: who asked, what came back, and the reward sent for it, if any.</summary>
public sealed record ShownList(string Id, long UserId, ChooseResult Result, DateTimeOffset At)
{
    /// <summary>The reward sent for this decision (null until one is sent).</summary>
    public SentReward? Reward { get; init; }
}

/// <summary>What the Ui sent to <c>/update</c> and what the Router answered.</summary>
public sealed record SentReward(int Reward, int? MovieId, string? Title, RewardResult Answer, DateTimeOffset At);

/// <summary>
/// The last lists shown on the Try-it page, by an unguessable id, so the page can follow POST-redirect-GET: the
/// POST asks the Router, the redirected GET shows the list (a reload asks nothing again). Bounded: the oldest go first.
/// </summary>
public sealed class ShownLists
{
    public const int Capacity = 500;

    private readonly ConcurrentDictionary<string, ShownList> _lists = new();
    private readonly ConcurrentQueue<string> _order = new();

    public ShownList Add(long userId, ChooseResult result, DateTimeOffset at)
    {
        var list = new ShownList(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12)), userId, result, at);
        _lists[list.Id] = list;
        _order.Enqueue(list.Id);
        while (_order.Count > Capacity && _order.TryDequeue(out var oldest))
        {
            _lists.TryRemove(oldest, out _);
        }

        return list;
    }

    public ShownList? Find(string? id) => id is not null && _lists.TryGetValue(id, out var list) ? list : null;

    /// <summary>Records the reward unless one was recorded already; false when the list is gone or already rewarded.</summary>
    public bool TryMarkRewarded(string id, SentReward reward)
    {
        while (_lists.TryGetValue(id, out var list))
        {
            if (list.Reward is not null)
            {
                return false;
            }

            if (_lists.TryUpdate(id, list with { Reward = reward }, list))
            {
                return true;
            }
        }

        return false;
    }
}
