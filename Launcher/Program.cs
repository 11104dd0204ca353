using Bandit.Launcher;

// The local launcher: the README's command for running the whole system without containers.
LauncherOptions options;
try
{
    if (args is ["-h"] or ["--help"])
    {
        Console.WriteLine(LauncherOptions.Usage);
        return 0;
    }

    options = LauncherOptions.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine($"launcher: {e.Message}");
    Console.Error.WriteLine("launcher: --help lists the options");
    return 2;
}

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};
using var sigterm = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, ctx =>
{
    ctx.Cancel = true;
    stop.Cancel();
});

await using var system = new SystemLauncher(options);
try
{
    await system.StartAsync(stop.Token);
    Console.WriteLine();
    Console.WriteLine("Bandit.Aspire is up:");
    Console.WriteLine($"  ui         {system.UiUrl}");
    Console.WriteLine($"  router     {system.RouterUrl}   POST /choose, POST /update, GET /stats, GET /config");
    Console.WriteLine($"  variant-a  {system.VariantAUrl}   serves movielens_ctr_ab@PolicyA");
    Console.WriteLine($"  variant-b  {system.VariantBUrl}   serves movielens_ctr_ab@PolicyB");
    Console.WriteLine($"  mlflow     {system.TrackingUri}   MLFLOW_TRACKING_URI");
    Console.WriteLine($"  redis      {system.RedisConnectionString ?? "off (in-memory state)"}");
    Console.WriteLine($"  admin key  {system.AdminKey}   (Authorization: Bearer <key> for the Router's /admin routes)");
    Console.WriteLine($"  logs       {Path.Combine(system.DataDir, "logs")}");
    Console.WriteLine("Ctrl+C stops everything.");
    Console.WriteLine();

    var exited = await system.WaitForAnyExitAsync(stop.Token);
    Console.Error.WriteLine($"launcher: {exited.Name} exited with code {exited.Exited.Result}; stopping everything");
    return 1;
}
catch (OperationCanceledException) when (stop.IsCancellationRequested)
{
    Console.WriteLine("launcher: stopping");
    return 0;
}
catch (LaunchException e)
{
    Console.Error.WriteLine($"launcher: {e.Message}");
    return 1;
}
