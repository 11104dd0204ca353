using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Bandit.Contracts;
using Bandit.MovieLens;
using Bandit.Replay.MovieLensReplay;
using Bandit.Training.Reporting;

namespace Bandit.Replay.Http;

/// <summary>One arm as seen through a running Router: decisions, clicks and the propensities it reported.</summary>
public sealed record HttpArmResult(string Arm, int Decisions, double Rewards, double MeanPropensity)
{
    public double Ctr => Decisions == 0 ? double.NaN : Rewards / Decisions;
}

/// <summary>The HTTP replay's outcome: per arm, and the decisions whose <c>/choose</c> or <c>/update</c> failed.</summary>
public sealed record HttpReplayResult(int Arrivals, IReadOnlyList<HttpArmResult> Arms, int Failed, string? FirstError);

/// <summary>
/// Drives a running Router over HTTP with the held-out arrivals: <c>POST /choose {userId, k, exclude}</c> (exclude =
/// the movies the user rated in the held-out window before the arrival), the reward of the returned items by the
/// replay's rule (<see cref="ReplayRewards.Reward"/>), then <c>POST /update {decisionId, reward}</c>. The arm, decision
/// id and propensity are read from the <c>X-Bandit-*</c> headers.
/// </summary>
public sealed class RouterReplay(HttpClient http)
{
    public async Task<HttpReplayResult> RunAsync(IReadOnlyList<Arrival> arrivals, IReadOnlyList<Rating> heldOut, int k,
        Action<string>? progress = null, CancellationToken cancellationToken = default)
    {
        var byUser = heldOut.GroupBy(r => r.UserId).ToDictionary(g => g.Key, g => g.ToArray());
        var arms = new SortedDictionary<string, (int Decisions, double Rewards, double Propensities)>(StringComparer.Ordinal);
        var failed = 0;
        string? firstError = null;
        for (var t = 0; t < arrivals.Count; t++)
        {
            var arrival = arrivals[t];
            var ratings = byUser.GetValueOrDefault(arrival.UserId, []);
            var exclude = ratings.Where(r => r.Timestamp < arrival.Timestamp).Select(r => r.MovieId).Distinct().ToArray();
            try
            {
                var (arm, decisionId, propensity, items) = await ChooseAsync(arrival.UserId, k, exclude, cancellationToken);
                var reward = ReplayRewards.Reward(arrival, ratings, items, k);
                using var update = await http.PostAsJsonAsync("update", new { decisionId, reward }, cancellationToken);
                update.EnsureSuccessStatusCode();
                var current = arms.GetValueOrDefault(arm);
                arms[arm] = (current.Decisions + 1, current.Rewards + reward, current.Propensities + propensity);
            }
            catch (Exception e) when (e is HttpRequestException or JsonException or InvalidDataException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                failed++;
                firstError ??= $"arrival {t} (user {arrival.UserId}): {e.Message}";
            }

            if ((t + 1) % 250 == 0)
            {
                progress?.Invoke($"router replay: {t + 1}/{arrivals.Count} arrivals");
            }
        }

        return new HttpReplayResult(arrivals.Count, [.. arms.Select(a => new HttpArmResult(a.Key, a.Value.Decisions, a.Value.Rewards, a.Value.Propensities / a.Value.Decisions))],
            failed, firstError);
    }

    /// <summary>
    /// Fails fast, before the first arrival, when no Router answers at the address: without it a wrong URL cost a failed
    /// request per arrival (thousands; 30 s each against an address that does not answer) before the error.
    /// </summary>
    public static async Task CheckRouterAsync(HttpClient http)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        string why;
        try
        {
            using var response = await http.GetAsync("config", timeout.Token);
            if (response.IsSuccessStatusCode)
            {
                return;
            }

            why = $"it answered {(int)response.StatusCode}: {OneLine(await response.Content.ReadAsStringAsync(timeout.Token))}";
        }
        catch (Exception e) when (e is HttpRequestException || (e is OperationCanceledException && timeout.IsCancellationRequested))
        {
            why = e is HttpRequestException ? e.Message : "no answer within 10 s";
        }

        throw new HttpRequestException($"no Router answers GET /config at {http.BaseAddress}: {why}");
    }

    /// <summary>A server's error body on one line and short (an HTML page would fill the screen).</summary>
    private static string OneLine(string text) => ConsoleText.OneLine(text, 200);

    private async Task<(string Arm, string DecisionId, double Propensity, int[] Items)> ChooseAsync(int userId, int k, int[] exclude, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsJsonAsync("choose", new { userId, k, exclude }, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"POST /choose answered {(int)response.StatusCode}: {OneLine(await response.Content.ReadAsStringAsync(cancellationToken))}");
        }

        string Header(string name) => response.Headers.TryGetValues(name, out var values) ? values.First() : throw new InvalidDataException($"POST /choose sent no {name} header");
        using var body = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken), cancellationToken: cancellationToken);
        var items = body.RootElement.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("movieId").GetInt32()).ToArray();
        return (Header(BanditHeaders.Arm), Header(BanditHeaders.Decision), double.Parse(Header(BanditHeaders.Propensity), CultureInfo.InvariantCulture), items);
    }
}
