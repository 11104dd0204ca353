using Aspire.Hosting;

namespace Bandit.Benchmarks;

/// <summary>
/// The command-line tools a bench starts (redis-server, wrk, …), looked up on PATH before it starts anything: a missing
/// one is otherwise found only when the bench first runs it, minutes in, after models were trained and services started.
/// </summary>
internal static class BenchTools
{
    public const string RedisServer = "redis-server";
    public const string RedisCli = "redis-cli";
    public const string RedisBenchmark = "redis-benchmark";
    public const string Wrk = "wrk";

    /// <summary>Those of <paramref name="tools"/> that are not an executable file in a PATH folder.</summary>
    public static IReadOnlyList<string> Missing(IEnumerable<string> tools) =>
        [.. tools.Distinct(StringComparer.Ordinal).Where(tool => ExecutableOnPath.Find(tool) is null)];

    /// <summary>"apt-get install redis-tools wrk": the Debian packages that bring <paramref name="tools"/>.</summary>
    public static string InstallHint(IEnumerable<string> tools) =>
        "apt-get install " + string.Join(' ', tools.Select(t => t is RedisCli or RedisBenchmark ? "redis-tools" : t).Distinct(StringComparer.Ordinal));
}
