namespace Bandit.Router.Ledger;

/// <summary>
/// Whether the bandit store is taking writes. Any caller that sees the store fail marks it unavailable; from then on
/// decisions and rewards go to the <see cref="OutageLog"/> without trying the store, until the
/// <see cref="OutageDrainer"/> has reached the store again and applied everything buffered.
/// </summary>
public sealed class StoreAvailability
{
    private volatile bool _unavailable;

    public bool IsAvailable => !_unavailable;

    public void MarkUnavailable() => _unavailable = true;

    public void MarkAvailable() => _unavailable = false;
}
