using System.Text.Json;
using Bandit.Router.Decisions;
using Bandit.Router.Extensions;
using Bandit.Router.Model;
using Bandit.Router.Proxy;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Bandit.Router.Apis;

/// <summary><c>POST /update</c>: one <c>{decisionId, reward}</c> or an array of them.</summary>
public static class UpdateApi
{
    /// <summary>Largest /update body: a full batch of maximal decision ids.</summary>
    private const int MaxBodyBytes = 2 * 1024 * 1024;

    public static IEndpointRouteBuilder MapUpdateApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/update", Update).WithTags("Rewards").DisableAntiforgery();
        return app;
    }

    /// <summary>
    /// Single form: 200 recorded/duplicate/stale, 404 unknown or expired decision, 400 bad input.
    /// Array form: 200 with one result per element (<c>unknown</c>, <c>invalid</c> instead of 404/400), at most
    /// <c>Router:MaxUpdateBatch</c> elements.
    /// </summary>
    public static async Task<Results<Ok<UpdateResult>, Ok<UpdateResult[]>, ProblemHttpResult>> Update(
        HttpContext context, RewardService rewards, IOptions<RouterOptions> options)
    {
        var ct = context.RequestAborted;
        var body = await RequestBody.ReadAsync(context.Request, MaxBodyBytes, ct);
        if (body is null)
        {
            return Problem(StatusCodes.Status413PayloadTooLarge, "body too large", $"an /update body is at most {MaxBodyBytes} bytes.");
        }

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
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object)
            {
                return await Single(root, rewards, ct);
            }

            if (root.ValueKind != JsonValueKind.Array)
            {
                return Problem(StatusCodes.Status400BadRequest, "invalid /update request", "the body must be {\"decisionId\": \"...\", \"reward\": 1} or an array of them.");
            }

            var max = options.Value.MaxUpdateBatch;
            if (root.GetArrayLength() > max)
            {
                return Problem(StatusCodes.Status400BadRequest, "batch too large", $"at most {max} updates per request, got {root.GetArrayLength()}.");
            }

            var items = new List<(Bandit.Router.State.RewardRecord?, string?, UpdateResult?, string?)>(root.GetArrayLength());
            foreach (var element in root.EnumerateArray())
            {
                var (record, experiment, rejected) = await rewards.CheckAsync(element, ct);
                items.Add((record, experiment, rejected, TokenOf(element)));
            }

            return TypedResults.Ok(await rewards.RecordAsync(items, ct));
        }
    }

    private static async Task<Results<Ok<UpdateResult>, Ok<UpdateResult[]>, ProblemHttpResult>> Single(JsonElement root, RewardService rewards, CancellationToken ct)
    {
        var (record, experiment, rejected) = await rewards.CheckAsync(root, ct);
        if (rejected is not null)
        {
            return rejected.Status == UpdateStatus.Unknown
                ? Problem(StatusCodes.Status404NotFound, "unknown decision", "no decision with this id can be rewarded (unknown, expired or not issued by this router).")
                : Problem(StatusCodes.Status400BadRequest, "invalid /update request", rejected.Error!);
        }

        var result = (await rewards.RecordAsync([(record, experiment, null, TokenOf(root))], ct))[0];
        return result.Status == UpdateStatus.Unknown
            ? Problem(StatusCodes.Status404NotFound, "unknown decision", "no decision with this id can be rewarded (unknown, expired or failed).")
            : TypedResults.Ok(result);
    }

    private static string? TokenOf(JsonElement element) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty("decisionId", out var id) && id.ValueKind == JsonValueKind.String ? id.GetString() : null;

    private static ProblemHttpResult Problem(int status, string title, string detail) =>
        TypedResults.Problem(detail, statusCode: status, title: title);
}
