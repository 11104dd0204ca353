using System.CommandLine;
using Microsoft.AspNetCore.Builder;

namespace Bandit.Benchmarks;

/// <summary>
/// Not a measurement: a stand-in service of <see cref="RouterBenchSupport"/> as a process of its own, serving on
/// <c>ASPNETCORE_URLS</c>'s port until it is killed, so a bench can read its CPU apart from the Routers' and the load
/// generator's.
/// </summary>
public abstract class StandInBench(string name, string description, Func<int, CancellationToken, Task<WebApplication>> start) : IBench
{
    public string Name => name;

    public string Description => description;

    public IReadOnlyList<Option> Options => [];

    public async Task<int> RunAsync(ParseResult options, CancellationToken cancellationToken)
    {
        var urls = Environment.GetEnvironmentVariable("ASPNETCORE_URLS") ?? throw new InvalidOperationException("set ASPNETCORE_URLS=http://127.0.0.1:PORT");
        await using var app = await start(new Uri(urls.Split(';')[0]).Port, cancellationToken);
        await Task.Delay(Timeout.Infinite, cancellationToken);
        return 0;
    }
}

/// <summary>The stand-in variant (<see cref="RouterBenchSupport.StartFakeVariantAsync"/>), for <c>router-replicas</c>.</summary>
public sealed class StandInVariantBench() : StandInBench("stand-in-variant",
    "(used by router-replicas) a stand-in variant process on ASPNETCORE_URLS's port, until killed", RouterBenchSupport.StartFakeVariantAsync);

/// <summary>The floor of <c>/update</c> (<see cref="RouterBenchSupport.StartBareUpdateEndpointAsync"/>), for <c>router-floors</c>.</summary>
public sealed class StandInBareUpdateBench() : StandInBench("stand-in-bare-update",
    "(used by router-floors) bare Kestrel parsing the /update body, on ASPNETCORE_URLS's port, until killed", RouterBenchSupport.StartBareUpdateEndpointAsync);
