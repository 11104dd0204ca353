using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Bandit.Allocation;
using Bandit.Contracts;
using Bandit.Router.Common;
using Bandit.Router.Experiment.History;
using Bandit.Router.Experiment.Registry;
using Bandit.Router.Experiment.Stats;
using Bandit.Router.Ledger;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Bandit.ServiceDefaults.Http;

namespace Bandit.Router.Experiment.Admin;

/// <summary>
/// <c>PUT /admin/strategy</c>, <c>POST /admin/reset</c>, <c>POST /admin/promote</c> and <c>GET /admin/whoami</c>, behind
/// <c>Authorization: Bearer &lt;Router:AdminKey&gt;</c> (no key configured = every call refused). Every change to the
/// experiment comes through here. A strategy change goes through the registry first, so it stays the source of truth:
/// nothing changes locally unless the new version was published and the alias moved.
/// </summary>
public static partial class AdminApi
{
    private const int MaxBodyBytes = 64 * 1024;
    private const double MaxWeight = 1e6;

    private static readonly JsonSerializerOptions _json = new(JsonSerializerDefaults.Web);

    public static IEndpointRouteBuilder MapAdminApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/admin").WithTags("Admin").AddEndpointFilter(RequireAdminKey);
        group.MapPut("/strategy", PutStrategy).ProducesProblem(StatusCodes.Status400BadRequest).ProducesBodyRefusals();
        group.MapPost("/reset", Reset).ProducesProblem(StatusCodes.Status400BadRequest).ProducesBodyRefusals();
        group.MapPost("/promote", Promote).ProducesProblem(StatusCodes.Status400BadRequest).ProducesBodyRefusals();
        group.MapGet("/whoami", WhoAmI);
        return app;
    }

    public static async Task<Results<Ok<ConfigResponse>, ProblemHttpResult>> PutStrategy(
        HttpContext context, LiveExperiment live, IRouterConfigPublisher publisher, ILoggerFactory loggers)
    {
        var read = await JsonBodyReader.ReadAsync(context.Request, MaxBodyBytes, context.RequestAborted);
        if (read.Status == StatusCodes.Status415UnsupportedMediaType)
        {
            return Problem(StatusCodes.Status415UnsupportedMediaType, "unsupported media type", "send the strategy request as application/json.");
        }

        if (read.IsIncomplete)
        {
            return read.Problem;
        }

        if (read.IsRefused)
        {
            return Problem(StatusCodes.Status413PayloadTooLarge, "body too large", $"an admin request body is at most {MaxBodyBytes} bytes.");
        }

        var body = read.Bytes;

        StrategyRequest? request;
        try
        {
            request = JsonSerializer.Deserialize<StrategyRequest>(body, _json);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            // InvalidOperationException: a string that is not valid UTF-16 (a lone surrogate escape).
            return Problem(StatusCodes.Status400BadRequest, "invalid strategy request", $"the body is not valid JSON for {{\"strategy\": \"hash\", \"weights\": [0.5, 0.5]}}: {e.Message}");
        }

        var current = live.Current;
        if (request?.Strategy is not { } name || !StrategyNames.TryNormalize(name, out var strategy))
        {
            return Problem(StatusCodes.Status400BadRequest, "invalid strategy request", $"strategy must be one of {string.Join(", ", StrategyNames.All)}.");
        }

        if (request.Weights is { } weights && weights.Count != current.Config.Arms.Count)
        {
            return Problem(StatusCodes.Status400BadRequest, "invalid strategy request", $"weights: expected {current.Config.Arms.Count} weights, one per arm ({string.Join(", ", current.ArmNames)}), got {weights.Count}.");
        }

        if (request.Weights is { } given && given.Any(w => !double.IsFinite(w) || w is < 0 or > MaxWeight))
        {
            return Problem(StatusCodes.Status400BadRequest, "invalid strategy request", $"weights: each must be a number in [0, {MaxWeight}] (they are relative).");
        }

        var next = current.Config.WithStrategy(strategy, request.Weights);
        var errors = ServableConfig.Errors(next);
        if (errors.Count > 0)
        {
            return Problem(StatusCodes.Status400BadRequest, "invalid strategy request", string.Join(" ", errors));
        }

        string version;
        try
        {
            version = await publisher.PublishAsync(next, $"PUT /admin/strategy {strategy}", context.RequestAborted);
        }
        catch (RegistryUnavailableException e)
        {
            RouterLog.PublishFailed(loggers.CreateLogger(typeof(AdminApi)), e);
            return Problem(StatusCodes.Status503ServiceUnavailable, "registry unavailable", "the new config could not be published to the registry, so nothing changed: " + e.Message);
        }

        await live.ApplyAsync(next, version, publisher.SourceUri, context.RequestAborted);
        return TypedResults.Ok(StatsApi.ToResponse(live.Current));
    }

    public static async Task<Results<Ok<ResetResponse>, ProblemHttpResult>> Reset(
        HttpContext context, LiveExperiment live, BanditLedger ledger, PosteriorCache posteriors, ExperimentHistoryRecorder history, TimeProvider time, CancellationToken cancellationToken)
    {
        // No body, or an empty JSON object: anything else is a mistake, refused before anything is cleared.
        var read = await JsonBodyReader.ReadAsync(context.Request, MaxBodyBytes, cancellationToken);
        if (read.Status == StatusCodes.Status415UnsupportedMediaType)
        {
            return Problem(StatusCodes.Status415UnsupportedMediaType, "unsupported media type", "POST /admin/reset takes no body (or {} as application/json).");
        }

        if (read.IsIncomplete)
        {
            return read.Problem;
        }

        if (read.IsRefused)
        {
            return Problem(StatusCodes.Status413PayloadTooLarge, "body too large", $"an admin request body is at most {MaxBodyBytes} bytes.");
        }

        var body = read.Bytes;

        if (!IsEmptyOrEmptyObject(body))
        {
            return Problem(StatusCodes.Status400BadRequest, "invalid reset request", "POST /admin/reset takes no body, or {}.");
        }

        var state = live.Current;
        var epoch = await ledger.ResetAsync(state.ExperimentKey, state.ArmNames, cancellationToken);
        posteriors.Invalidate();
        await history.RecordAsync(state.ExperimentKey, new HistoryEvent(time.GetUtcNow(), HistoryEvent.Reset, To: epoch.ToString(System.Globalization.CultureInfo.InvariantCulture),
            Actor: MlflowRouterConfigPublisher.AdminActor), cancellationToken);
        return TypedResults.Ok(new ResetResponse(state.ExperimentKey, epoch));
    }

    private static bool IsEmptyOrEmptyObject(byte[] body)
    {
        if (body.AsSpan().Trim(" \t\r\n"u8).IsEmpty)
        {
            return true;
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.ValueKind == JsonValueKind.Object && !document.RootElement.EnumerateObject().Any();
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>401 unless the bearer token equals <c>Router:AdminKey</c> (compared in constant time; never logged).</summary>
    private static async ValueTask<object?> RequireAdminKey(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
    {
        var context = invocation.HttpContext;
        var key = context.RequestServices.GetRequiredService<IOptions<RouterOptions>>().Value.AdminKey;
        if (string.IsNullOrEmpty(key) || !Matches(context.Request.Headers.Authorization.ToString(), key))
        {
            context.Response.Headers.WWWAuthenticate = "Bearer";
            return Problem(StatusCodes.Status401Unauthorized, "unauthorized",
                string.IsNullOrEmpty(key) ? "admin calls are disabled: Router:AdminKey is not set." : "send Authorization: Bearer <Router:AdminKey>.");
        }

        return await next(invocation);
    }

    private static bool Matches(string authorization, string key)
    {
        const string scheme = "Bearer ";
        var given = authorization.StartsWith(scheme, StringComparison.OrdinalIgnoreCase) ? authorization[scheme.Length..].Trim() : "";

        // Hash both sides so the comparison takes the same time whatever the lengths.
        return CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(given)), SHA256.HashData(Encoding.UTF8.GetBytes(key)));
    }

    private static ProblemHttpResult Problem(int status, string title, string detail) => TypedResults.Problem(detail, statusCode: status, title: title);
}
