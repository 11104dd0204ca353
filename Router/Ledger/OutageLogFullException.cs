namespace Bandit.Router.Ledger;

/// <summary>The store is unavailable and the outage log holds <c>Router:OutageBufferCapacity</c> entries: nothing more can be taken (503).</summary>
public sealed class OutageLogFullException(int capacity)
    : Exception($"the bandit store is unavailable and the outage buffer is full ({capacity} entries); nothing was recorded. Retry later.");
