using System.Reflection;
using BenchmarkDotNet.Running;
using Bandit.Benchmarks;

// dotnet run -c Release --project Benchmarks -- --list        every benchmark
// dotnet run -c Release --project Benchmarks -- bdn [BDN args] the BenchmarkDotNet micro-benchmarks
// dotnet run -c Release --project Benchmarks -- NAME [args]   one load benchmark (IBench)
var benches = typeof(IBench).Assembly.GetTypes()
    .Where(t => t is { IsAbstract: false, IsInterface: false } && typeof(IBench).IsAssignableFrom(t))
    .Select(t => (IBench)Activator.CreateInstance(t)!)
    .OrderBy(b => b.Name)
    .ToDictionary(b => b.Name, StringComparer.OrdinalIgnoreCase);

if (args.Length == 0 || args[0] is "--list" or "-h" or "--help")
{
    Console.WriteLine("usage: Bandit.Benchmarks (bdn [BenchmarkDotNet args] | NAME [args] | --list)");
    Console.WriteLine("  bdn            BenchmarkDotNet micro-benchmarks (e.g. bdn --filter '*Decision*')");
    foreach (var b in benches.Values)
    {
        Console.WriteLine($"  {b.Name,-14} {b.Description}");
    }

    return args.Length == 0 ? 2 : 0;
}

if (args[0] == "bdn")
{
    Console.WriteLine(MachineInfo.Describe());
    BenchmarkSwitcher.FromAssembly(Assembly.GetExecutingAssembly()).Run(args[1..]);
    return 0;
}

if (!benches.TryGetValue(args[0], out var bench))
{
    Console.Error.WriteLine($"unknown benchmark '{args[0]}'; --list shows them");
    return 2;
}

Console.WriteLine(MachineInfo.Describe());
using var cts = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; cts.Cancel(); };
try
{
    return await bench.RunAsync(args[1..], cts.Token);
}
catch (OperationCanceledException) when (cts.IsCancellationRequested)
{
    Console.Error.WriteLine($"{bench.Name}: stopped (Ctrl+C / SIGINT)");
    return 130;
}
