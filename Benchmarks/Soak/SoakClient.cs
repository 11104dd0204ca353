using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Bandit.Contracts;

namespace Bandit.Benchmarks.Soak;

/// <summary>
/// One soak client, closed loop: <c>POST /choose</c> for a random MovieLens user, then (for 90% of decisions) the
/// reward by a known click pattern (PolicyB clicks with probability 0.40, every other arm 0.25, from a seeded generator),
/// 5% of rewards sent twice, and 2% of iterations bad input that must get a 4xx. Rewards without a final answer
/// (no response, 429, 503, 5xx) go to the ledger's retry queue. Stopping is graceful: the iteration under way finishes
/// (its requests are never cancelled), so the ledger holds every answer the Router gave.
/// </summary>
internal sealed class SoakClient(HttpClient router, SoakLedger ledger, Func<SoakMinute> minute, int seed, TimeSpan think)
{
    private readonly Random _random = new(seed);

    public async Task RunAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            var m = minute();
            if (_random.NextDouble() < 0.02)
            {
                await BadInputAsync(m);
            }
            else if (await ChooseAsync(m) is { } decision && _random.NextDouble() < 0.9)
            {
                await SendRewardAsync(router, ledger, decision, m);
                if (_random.NextDouble() < 0.05)
                {
                    await SendRewardAsync(router, ledger, decision, m);
                }
            }

            await Task.Delay(think, CancellationToken.None);
        }
    }

    private async Task<SoakDecision?> ChooseAsync(SoakMinute m)
    {
        var started = Stopwatch.GetTimestamp();
        HttpResponseMessage response;
        try
        {
            response = await router.PostAsJsonAsync("choose", new { userId = _random.Next(1, 611), k = 5 });
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            m.Count("choose no-answer");
            ledger.ChooseUnsure();
            return null;
        }

        using (response)
        {
            await response.Content.LoadIntoBufferAsync();
            m.Choose(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            m.Count($"choose {(int)response.StatusCode}");
            if (response.StatusCode != HttpStatusCode.OK || !response.Headers.TryGetValues(BanditHeaders.Decision, out var tokens) || !response.Headers.TryGetValues(BanditHeaders.Arm, out var arms))
            {
                if (response.IsSuccessStatusCode)
                {
                    m.Count("choose 200-without-decision");
                }

                await Task.Delay(100);
                return null;
            }

            var arm = arms.First();
            var reward = _random.NextDouble() < (arm == RegistryNames.PolicyB ? 0.40 : 0.25) ? 1.0 : 0.0;
            return ledger.Received(tokens.First(), arm, reward);
        }
    }

    /// <summary>Sends one reward and files the answer; what has no final answer goes to the retry queue.</summary>
    public static async Task SendRewardAsync(HttpClient router, SoakLedger ledger, SoakDecision decision, SoakMinute m)
    {
        var started = Stopwatch.GetTimestamp();
        HttpResponseMessage response;
        try
        {
            response = await router.PostAsJsonAsync("update", new { decisionId = decision.Token, reward = decision.Reward });
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            m.Count("update no-answer");
            decision.Answer("unsure");
            ledger.Retry.Enqueue(decision);
            return;
        }

        using (response)
        {
            var body = await response.Content.ReadAsStringAsync();
            m.Update(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            var status = (int)response.StatusCode switch
            {
                200 or 202 => StatusOf(body),
                404 => "unknown",
                var code => code.ToString(System.Globalization.CultureInfo.InvariantCulture),
            };
            m.Count($"update {status}");
            decision.Answer(status);
            if (status is "429" || (int)response.StatusCode >= 500)
            {
                ledger.Retry.Enqueue(decision);
            }
        }
    }

    private async Task BadInputAsync(SoakMinute m)
    {
        var (path, body) = _random.Next(5) switch
        {
            0 => ("choose", "{\"userId\": "),
            1 => ("choose", "{\"userId\": \"\\u0000abc\", \"k\": -5}"),
            2 => ("update", "{\"decisionId\": 42, \"reward\": \"x\"}"),
            3 => ("update", JsonSerializer.Serialize(new { decisionId = Forged(), reward = 1 })),
            _ => ("update", "[" + string.Join(',', Enumerable.Repeat("{\"decisionId\":\"x.y\",\"reward\":1}", 4000)) + "]"),
        };
        try
        {
            using var content = new StringContent(body, Encoding.UTF8, "application/json");
            using var response = await router.PostAsync(path, content);
            var code = (int)response.StatusCode;
            m.Count(code is >= 400 and < 500 ? $"bad-input {code}" : $"bad-input UNEXPECTED {code}");
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            m.Count("bad-input no-answer");
        }
    }

    /// <summary>A well-formed decision id with a wrong signature: its payload from a real one, a signature of zeros.</summary>
    private static string Forged() =>
        "AQ" + new string('A', 80) + "." + new string('A', 43);

    private static string StatusOf(string body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            return json.RootElement.TryGetProperty("status", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString()! : "no-status";
        }
        catch (JsonException)
        {
            return "not-json";
        }
    }
}
