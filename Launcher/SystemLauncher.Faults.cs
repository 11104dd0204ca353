namespace Bandit.Launcher;

/// <summary>Fault injection for soak runs and resilience tests: kill one running child by its resource name and start it again.</summary>
public sealed partial class SystemLauncher
{
    private readonly Dictionary<string, ChildProcess> _stopped = [];

    /// <summary>
    /// Kills the running child named <paramref name="name"/> (<c>redis</c>, <c>mlflow</c>, <c>variant-a</c>, <c>variant-b</c>,
    /// <c>router</c>, <c>ui</c>): SIGKILL when <paramref name="hard"/> (a crash), else SIGTERM first (a clean stop). It stays
    /// down until <see cref="RestartChildAsync"/>.
    /// </summary>
    public async Task KillChildAsync(string name, bool hard = true)
    {
        var child = _children.FirstOrDefault(c => c.Name == name)
            ?? throw new ArgumentException($"no running child named '{name}' (running: {string.Join(", ", _children.Select(c => c.Name))})", nameof(name));
        _children.Remove(child);
        if (hard)
        {
            await child.KillAsync();
        }

        await child.DisposeAsync();
        _stopped[name] = child;
        Say($"{name} {(hard ? "killed" : "stopped")} (fault injection)");
    }

    /// <summary>Starts a child killed by <see cref="KillChildAsync"/> again, same command and port, and waits until it is healthy.</summary>
    public async Task<ChildProcess> RestartChildAsync(string name, CancellationToken cancellationToken)
    {
        if (!_stopped.Remove(name, out var stopped))
        {
            throw new ArgumentException($"'{name}' was not stopped by KillChildAsync", nameof(name));
        }

        var child = Track(stopped.StartAgain());
        if (name == "redis")
        {
            await WaitRedisAsync(child, _redisPort, cancellationToken);
            Say("redis is listening again");
        }
        else if (_healthUrls.TryGetValue(name, out var url))
        {
            await WaitHealthyAsync(child, url, cancellationToken);
        }

        return child;
    }
}
