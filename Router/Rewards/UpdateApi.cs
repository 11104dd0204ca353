using System.Text.Json;
using Bandit.Router.Common;
using Bandit.Router.Ledger;
using Bandit.Router.Store;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Bandit.ServiceDefaults.Http;

namespace Bandit.Router.Rewards;

/// <summary><c>POST /update</c>: one <c>{decisionId, reward}</c> or an array of them.</summary>
public static class UpdateApi
{
    /// <summary>The rate limiter policy of <c>/update</c> (per remote IP, <c>Router:UpdateRateLimit</c>).</summary>
    public const string RateLimitPolicy = "update";

    public static IEndpointRouteBuilder MapUpdateApi(this IEndpointRouteBuilder app)
    {
        var endpoint = app.MapPost("/update", Update).WithTags("Rewards").DisableAntiforgery()
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesBodyRefusals();
        if (app.ServiceProvider.GetRequiredService<IOptions<RouterOptions>>().Value.UpdateRateLimit.Enabled)
        {
            endpoint.RequireRateLimiting(RateLimitPolicy);
        }

        return app;
    }

    /// <summary>
    /// Single form: 200 recorded/duplicate/stale, 202 buffered (store unavailable), 404 unknown or expired decision,
    /// 400 bad input. Array form: 200 with one result per element (<c>unknown</c>, <c>invalid</c> instead of 404/400,
    /// <c>buffered</c> instead of 202), at most <c>Router:MaxUpdateBatch</c> elements. 413 over
    /// <c>Router:MaxUpdateBodyBytes</c>, 415 for a body that is not JSON, 503 when the store and the outage buffer are both full.
    /// </summary>
    public static async Task<Results<Ok<UpdateResult>, Accepted<UpdateResult>, Ok<UpdateResult[]>, ProblemHttpResult>> Update(
        HttpContext context, RewardService rewards, IOptions<RouterOptions> options)
    {
        var ct = context.RequestAborted;
        var maxBytes = options.Value.MaxUpdateBodyBytes;
        var read = await JsonBodyReader.ReadAsync(context.Request, maxBytes, ct);
        if (read.Status == StatusCodes.Status415UnsupportedMediaType)
        {
            return Problem(StatusCodes.Status415UnsupportedMediaType, "unsupported media type", "send the /update body as application/json.");
        }

        if (read.IsIncomplete)
        {
            return read.Problem;
        }

        if (read.IsRefused)
        {
            return Problem(StatusCodes.Status413PayloadTooLarge, "body too large", $"an /update body is at most {maxBytes} bytes.");
        }

        var body = read.Bytes;

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException e)
        {
            return Problem(StatusCodes.Status400BadRequest, "invalid /update request", $"the body is not valid JSON: {e.Message}");
        }

        using (document)
        {
            try
            {
                return await HandleAsync(document.RootElement, rewards, options.Value.MaxUpdateBatch, ct);
            }
            catch (OutageLogFullException e)
            {
                context.Response.Headers.RetryAfter = "5";
                return Problem(StatusCodes.Status503ServiceUnavailable, "bandit state unavailable", e.Message);
            }
        }
    }

    private static async Task<Results<Ok<UpdateResult>, Accepted<UpdateResult>, Ok<UpdateResult[]>, ProblemHttpResult>> HandleAsync(
        JsonElement root, RewardService rewards, int max, CancellationToken ct)
    {
        if (root.ValueKind == JsonValueKind.Object)
        {
            return await Single(root, rewards, ct);
        }

        if (root.ValueKind != JsonValueKind.Array)
        {
            return Problem(StatusCodes.Status400BadRequest, "invalid /update request", "the body must be {\"decisionId\": \"...\", \"reward\": 1} or an array of them.");
        }

        if (root.GetArrayLength() > max)
        {
            return Problem(StatusCodes.Status400BadRequest, "batch too large", $"at most {max} updates per request, got {root.GetArrayLength()}.");
        }

        var items = new List<RewardCheck>(root.GetArrayLength());
        foreach (var element in root.EnumerateArray())
        {
            items.Add(await rewards.CheckAsync(element, ct));
        }

        return TypedResults.Ok(await rewards.RecordAsync(items, ct));
    }

    private static async Task<Results<Ok<UpdateResult>, Accepted<UpdateResult>, Ok<UpdateResult[]>, ProblemHttpResult>> Single(JsonElement root, RewardService rewards, CancellationToken ct)
    {
        var check = await rewards.CheckAsync(root, ct);
        if (check is RewardCheck.Rejected { Result: var rejected })
        {
            return rejected.Status == UpdateStatus.Unknown
                ? Problem(StatusCodes.Status404NotFound, "unknown decision", "no decision with this id can be rewarded (unknown, expired or not issued by this router).")
                : Problem(StatusCodes.Status400BadRequest, "invalid /update request", rejected.Error!);
        }

        var result = (await rewards.RecordAsync([check], ct))[0];
        return result.Status switch
        {
            UpdateStatus.Unknown => Problem(StatusCodes.Status404NotFound, "unknown decision", "no decision with this id can be rewarded (unknown, expired or failed)."),
            UpdateStatus.Buffered => TypedResults.Accepted((string?)null, result),
            _ => TypedResults.Ok(result),
        };
    }

    private static ProblemHttpResult Problem(int status, string title, string detail) =>
        TypedResults.Problem(detail, statusCode: status, title: title);
}
