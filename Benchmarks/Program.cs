using Bandit.Benchmarks;

// dotnet run -c Release --project Benchmarks -- --help          every benchmark (--list is the same)
// dotnet run -c Release --project Benchmarks -- bdn [BDN args]  the BenchmarkDotNet micro-benchmarks
// dotnet run -c Release --project Benchmarks -- NAME [options]  one load benchmark (IBench); NAME --help lists its options
return await BenchCommandLine.RunAsync(args);
