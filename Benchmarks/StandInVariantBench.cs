using System.CommandLine;

namespace Bandit.Benchmarks;

/// <summary>
/// Not a measurement: the stand-in variant of <see cref="RouterBenchSupport.StartFakeVariantAsync"/> as a process of its
/// own, serving until it is killed, so <c>router-replicas</c> can read its CPU apart from the Routers' and the load
/// generator's. <c>stand-in-variant</c> (listens on <c>ASPNETCORE_URLS</c>'s port).
/// </summary>
public sealed class StandInVariantBench : IBench
{
    public string Name => "stand-in-variant";

    public string Description => "(used by router-replicas) a stand-in variant process on ASPNETCORE_URLS's port, until killed";

    public IReadOnlyList<Option> Options => [];

    public async Task<int> RunAsync(ParseResult options, CancellationToken cancellationToken)
    {
        var urls = Environment.GetEnvironmentVariable("ASPNETCORE_URLS") ?? throw new InvalidOperationException("set ASPNETCORE_URLS=http://127.0.0.1:PORT");
        var port = new Uri(urls.Split(';')[0]).Port;
        await using var variant = await RouterBenchSupport.StartFakeVariantAsync(port, cancellationToken);
        await Task.Delay(Timeout.Infinite, cancellationToken);
        return 0;
    }
}
