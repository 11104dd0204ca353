using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Bandit.Allocation;
using Bandit.Contracts;
using Bandit.Router.Tests.Support;

namespace Bandit.Router.Tests.Api;

/// <summary>The per-client token bucket on <c>/update</c> (<c>Router:UpdateRateLimit</c>): 429 problem details with Retry-After, per remote IP, /choose untouched.</summary>
public sealed class UpdateRateLimitTests(VariantPair variants) : IClassFixture<VariantPair>
{
    [Fact]
    public async Task Update_OverTheBucket_Is429ProblemDetailsWithRetryAfter_PerClientIp()
    {
        var config = TestConfigs.TwoArms(StrategyNames.Hash, TestConfigs.NewTag());
        await using var router = await RunningRouter.StartAsync(new RouterSettings().WithVariants(variants.A, variants.B).WithConfig(config)
            .Set("Router:UpdateRateLimit:PermitsPerSecond", "1").Set("Router:UpdateRateLimit:Burst", "3"));
        var choices = new List<Choice>();
        for (var user = 0; user < 8; user++)
        {
            choices.Add(await router.Client.ChooseAsync(user, k: 1)); // /choose is not limited
        }

        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? limited = null;
        foreach (var choice in choices.Take(6))
        {
            var response = await router.Client.Http.PostAsync("update", Json(choice.DecisionId));
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                limited ??= response;
            }
        }

        // A burst of 3 and 1 permit/s: 6 requests within well under a second leave at least 2 refused.
        Assert.Equal(HttpStatusCode.OK, statuses[0]);
        Assert.True(statuses.Count(s => s == HttpStatusCode.TooManyRequests) >= 2, string.Join(", ", statuses));
        Assert.Equal("application/problem+json", limited!.Content.Headers.ContentType?.MediaType);
        Assert.True(int.Parse(limited.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture) >= 1);
        Assert.Equal(429, JsonDocument.Parse(await limited.Content.ReadAsStringAsync()).RootElement.GetProperty("status").GetInt32());

        // Another client address has its own bucket.
        using var other = ClientFrom("127.0.0.2", router.Server.BaseAddress);
        using var fromOther = await other.PostAsync("update", Json(choices[6].DecisionId));
        Assert.Equal(HttpStatusCode.OK, fromOther.StatusCode);

        // Refused updates changed nothing: only the accepted ones are counted.
        var stats = await router.Client.GetJsonAsync("stats");
        var updates = stats.GetProperty("arms").EnumerateArray().Sum(a => a.GetProperty("updates").GetInt64());
        Assert.Equal(statuses.Count(s => s == HttpStatusCode.OK) + 1, updates);
    }

    private static StringContent Json(string decisionId) =>
        new($"{{\"decisionId\":\"{decisionId}\",\"reward\":1}}", System.Text.Encoding.UTF8, "application/json");

    /// <summary>An HttpClient whose connections come from <paramref name="source"/> (any 127.x address reaches loopback).</summary>
    private static HttpClient ClientFrom(string source, Uri baseAddress) => new(new SocketsHttpHandler
    {
        ConnectCallback = async (context, ct) =>
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            socket.Bind(new IPEndPoint(IPAddress.Parse(source), 0));
            await socket.ConnectAsync(context.DnsEndPoint, ct);
            return new NetworkStream(socket, ownsSocket: true);
        },
    }) { BaseAddress = baseAddress };
}
