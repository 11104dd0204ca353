using System.Diagnostics;
using System.Globalization;
using System.Text;
using Bandit.MovieLens;
using Bandit.MovieLens.Features;
using Bandit.Replay.Cli;
using Bandit.Replay.MovieLensReplay;
using Bandit.Replay.Reporting;
using Bandit.Training.Reporting;

namespace Bandit.Replay.Http;

/// <summary><c>--router</c>: the held-out arrivals against a running Router; prints and writes the per-arm table.</summary>
public static class RouterMode
{
    public static async Task<string> RunAsync(ReplayOptions options, TextWriter error, HttpMessageHandler? handler = null)
    {
        var clock = Stopwatch.StartNew();
        void Progress(string message) => error.WriteLine($"[{clock.Elapsed.TotalSeconds,6:0.0}s] {message}");
        var data = MovieLensLoader.Load(options.Data ?? DataLocator.DefaultFolder());
        var split = Splitter.Split(data.Ratings, SplitKind.UserTime);
        var all = Arrivals.FromHeldOut(split.Test);
        var arrivals = options.MaxArrivals is { } cap && cap < all.Count ? all.Take(cap).ToArray() : all;
        Progress($"{arrivals.Count:N0} of {all.Count:N0} arrivals against the Router at {options.Router}");
        using var http = handler is null ? new HttpClient() : new HttpClient(handler, disposeHandler: false);
        http.BaseAddress = options.Router;
        http.Timeout = TimeSpan.FromSeconds(30);
        await RouterReplay.CheckRouterAsync(http);
        var result = await new RouterReplay(http).RunAsync(arrivals, split.Test, options.K, Progress);
        if (result.Failed == result.Arrivals)
        {
            throw new HttpRequestException($"every request to the Router failed; the first: {result.FirstError}");
        }

        var md = new StringBuilder()
            .AppendLine("# Replay against a running Router").AppendLine()
            .AppendLine($"Machine: {MachineDescription.Describe()}. Router {options.Router}, {data.Name}, user-time held-out window, k = {options.K}, " +
                        $"{result.Arrivals:N0} arrivals, {result.Failed} failed{(result.FirstError is null ? "" : $" (first: {result.FirstError})")}, {clock.Elapsed.TotalSeconds:0.0} s.")
            .AppendLine()
            .AppendLine("| arm | decisions | share | clicks | CTR | mean reported propensity |")
            .AppendLine("|---|---|---|---|---|---|");
        var total = result.Arms.Sum(a => a.Decisions);
        foreach (var arm in result.Arms)
        {
            md.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {arm.Arm} | {arm.Decisions:N0} | {(double)arm.Decisions / total:P1} | {arm.Rewards:0} | {arm.Ctr:0.0000} | {arm.MeanPropensity:0.000} |"));
        }

        Directory.CreateDirectory(options.Output);
        await File.WriteAllTextAsync(Path.Combine(options.Output, "router-replay-results.md"), md.ToString());
        return md.ToString();
    }
}
