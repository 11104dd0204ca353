namespace Bandit.Variants.Serving;

/// <summary>
/// The model being served, swapped atomically. A request reads <see cref="Current"/> once and uses that object to
/// the end, so a swap never disturbs it; the old model is collected when its last request finishes.
/// </summary>
public sealed class ModelHolder
{
    private volatile LoadedModel? _current;
    private volatile LoadFailure? _lastFailure;

    /// <summary>The model in service; null until the first load succeeds.</summary>
    public LoadedModel? Current => _current;

    /// <summary>The last failed load since the last successful one.</summary>
    public LoadFailure? LastFailure => _lastFailure;

    /// <summary>Puts <paramref name="model"/> into service and returns the one it replaces.</summary>
    public LoadedModel? Swap(LoadedModel model)
    {
        var previous = Interlocked.Exchange(ref _current, model);
        _lastFailure = null;
        return previous;
    }

    public void ReportFailure(LoadFailure failure) => _lastFailure = failure;
}
