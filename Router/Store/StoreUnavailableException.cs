namespace Bandit.Router.Store;

/// <summary>
/// The store did not answer (connection lost, timeout, still loading its data): the one exception an
/// <see cref="IBanditStore"/> throws for an outage, whatever its client library throws. The ledger catches it and
/// turns to the outage log; errors that are not outages (a bad script, a bug) keep their own type.
/// </summary>
public sealed class StoreUnavailableException(Exception inner) : Exception("the bandit store is unavailable: " + inner.Message, inner);
