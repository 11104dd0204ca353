using System.Diagnostics;
using System.Globalization;

namespace Bandit.Benchmarks.Soak;

/// <summary>The traffic, the monitor and the faults of one soak run, minute by minute, then the drain.</summary>
internal sealed class SoakRun(SoakSystem system, HttpClient router, int clients, TimeSpan think, TimeSpan downtime, string[] faults)
{
    private static readonly TimeSpan _faultAt = TimeSpan.FromSeconds(20);
    private readonly List<SoakMinute> _minutes = [];
    private SoakMinute _current = new(1);

    public SoakLedger Ledger { get; } = new();

    /// <summary>Runs the traffic for <paramref name="duration"/>, one fault per minute; returns the minutes as they were printed.</summary>
    public async Task<IReadOnlyList<SoakMinute>> RunAsync(TimeSpan duration, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var traffic = Enumerable.Range(0, clients)
            .Select(i => Task.Run(() => new SoakClient(router, Ledger, () => Volatile.Read(ref _current), 1000 + i, think).RunAsync(stop.Token), CancellationToken.None))
            .Append(Task.Run(() => MonitorAsync(stop.Token), CancellationToken.None))
            .Append(Task.Run(() => RetryAsync(stop.Token), CancellationToken.None))
            .ToList();

        var minutes = (int)Math.Ceiling(duration.TotalMinutes);
        for (var m = 0; m < minutes; m++)
        {
            var minute = _current;
            var clock = Stopwatch.StartNew();
            await Task.Delay(_faultAt, cancellationToken);
            minute.Fault = await InjectAsync(faults[m % faults.Length], cancellationToken);
            var rest = TimeSpan.FromMinutes(1) - clock.Elapsed;
            if (rest > TimeSpan.Zero)
            {
                await Task.Delay(rest, cancellationToken);
            }

            minute.StatsAtEnd = await SoakStats.TryReadAsync(router, cancellationToken);
            _minutes.Add(minute);
            Volatile.Write(ref _current, new SoakMinute(m + 2));
            Console.WriteLine(minute.Describe());
            Console.WriteLine($"  load average {MachineInfo.LoadAverage()}");
        }

        await stop.CancelAsync();
        await Task.WhenAll(traffic);
        return _minutes;
    }

    /// <summary>Resends what has no final answer, then waits for an empty outage buffer and two equal readings of the counters.</summary>
    public async Task<string> DrainAsync(CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        // The requests under way when the traffic stopped were counted into the next minute: report them with the drain.
        var tail = Volatile.Read(ref _current);
        tail.Fault = "none (traffic stopped; resend and drain)";
        while (!Ledger.Retry.IsEmpty && clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            await ResendOnceAsync(tail);
            await Task.Delay(500, cancellationToken);
        }

        SoakStats? last = null;
        var stable = 0;
        while (clock.Elapsed < TimeSpan.FromSeconds(180))
        {
            var now = await SoakStats.TryReadAsync(router, cancellationToken);
            var settled = now is { Store: "available", Buffered: 0 } && last is not null && now.Pulls == last.Pulls && now.Updates == last.Updates;
            stable = settled ? stable + 1 : 0;
            if (stable >= 2)
            {
                break;
            }

            last = now;
            await Task.Delay(1000, cancellationToken);
        }

        if (tail.Requests > 0)
        {
            _minutes.Add(tail);
            Console.WriteLine(tail.Describe());
        }

        return string.Create(CultureInfo.InvariantCulture,
            $"{(stable >= 2 ? "settled" : "NOT settled")} {clock.Elapsed.TotalSeconds:F0} s after the traffic stopped; {Ledger.Retry.Count} rewards still without a final answer");
    }

    private async Task<string> InjectAsync(string name, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            await system.StopResourceAsync(name, cancellationToken);
            var stopped = clock.Elapsed;
            await Task.Delay(downtime, cancellationToken);
            await system.StartResourceAsync(name, cancellationToken);
            return string.Create(CultureInfo.InvariantCulture, $"{name} stopped at {_faultAt.TotalSeconds:F0} s (in {stopped.TotalSeconds:F1} s), healthy again after {clock.Elapsed.TotalSeconds:F1} s");
        }
        catch (InvalidOperationException e)
        {
            return $"{name} FAILED to restart: {e.Message}";
        }
    }

    private async Task MonitorAsync(CancellationToken stop)
    {
        using var variants = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        string[] models = [new Uri(system.VariantAUrl, "/model").ToString(), new Uri(system.VariantBUrl, "/model").ToString()];
        for (var i = 0; !stop.IsCancellationRequested; i++)
        {
            try
            {
                var m = Volatile.Read(ref _current);
                using (var stats = await router.GetAsync("stats", stop))
                {
                    m.Count($"stats {(int)stats.StatusCode}");
                }

                using (var model = await variants.GetAsync(models[i % 2], stop))
                {
                    m.Count($"model {(int)model.StatusCode}");
                }

                await Task.Delay(1000, stop);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // A killed variant does not answer GET /model while it is down.
                Volatile.Read(ref _current).Count("model/stats no-answer");
                await Task.Delay(1000, CancellationToken.None);
            }
        }
    }

    private async Task RetryAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(1000, stop);
                await ResendOnceAsync(Volatile.Read(ref _current));
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
        }
    }

    /// <summary>One pass over the retry queue as it stands (what fails again is queued again by the send).</summary>
    private async Task ResendOnceAsync(SoakMinute minute)
    {
        for (var n = Ledger.Retry.Count; n > 0 && Ledger.Retry.TryDequeue(out var decision); n--)
        {
            await SoakClient.SendRewardAsync(router, Ledger, decision, minute);
        }
    }
}
