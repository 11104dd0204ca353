using Bandit.Allocation;
using Bandit.Mlflow;
using Bandit.Router.Common;
using Bandit.Router.Experiment.Registry;
using Bandit.Router.Experiment.Stats;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Bandit.ServiceDefaults.Http;

namespace Bandit.Router.Experiment.Admin;

// POST /admin/promote and GET /admin/whoami, in the admin group (same bearer key as the strategy switch).
public static partial class AdminApi
{
    /// <summary>The whole promotion (reads, the config check, the move) must finish within this.</summary>
    private static readonly TimeSpan _promoteTimeout = TimeSpan.FromSeconds(20);

    /// <summary>200 with who the credential is: lets a client (the Ui's sign-in) check a key without changing anything.</summary>
    public static Ok<WhoAmIResponse> WhoAmI() => TypedResults.Ok(new WhoAmIResponse(MlflowRouterConfigPublisher.AdminActor));

    /// <summary>
    /// Moves an alias to an existing, READY version: 404 when the model or version does not exist, 409 when the version
    /// is not READY or — for the live router config's alias — is not a usable router config; the registry is untouched
    /// in every refusal. Promoting the router config model's live alias makes the new config live at once, like a
    /// strategy switch (it is one, through the registry).
    /// </summary>
    public static async Task<Results<Ok<PromoteResponse>, ProblemHttpResult>> Promote(
        HttpContext context, AliasMover mover, LiveExperiment live, IOptions<RouterOptions> options, ILoggerFactory loggers)
    {
        var read = await JsonBodyReader.ReadAsync(context.Request, MaxBodyBytes, context.RequestAborted);
        if (read.Status == StatusCodes.Status415UnsupportedMediaType)
        {
            return Problem(StatusCodes.Status415UnsupportedMediaType, "unsupported media type", "send the promotion as application/json.");
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

        var (request, error) = PromoteRequest.Parse(body);
        if (request is null)
        {
            return Problem(StatusCodes.Status400BadRequest, "invalid promotion", error!);
        }

        if (mover.Client is not { } client)
        {
            return Problem(StatusCodes.Status503ServiceUnavailable, "registry unavailable", "MLFLOW_TRACKING_URI is not set, so there is no registry to promote in; nothing changed.");
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        timeout.CancelAfter(_promoteTimeout);
        var (model, alias, version) = (request.Model, request.Alias, request.Version);
        var settings = options.Value;
        try
        {
            ModelVersion target;
            try
            {
                target = await client.GetModelVersionAsync(model, version, timeout.Token);
            }
            catch (MlflowException e) when (e.IsNotFound || e.IsInvalidParameter)
            {
                return Problem(StatusCodes.Status404NotFound, "unknown model version", $"the registry has no version {version} of '{model}'; nothing changed.");
            }

            if (target.Status is ModelVersionStatus.PendingRegistration or ModelVersionStatus.FailedRegistration)
            {
                return Problem(StatusCodes.Status409Conflict, "version not ready", $"{model} version {version} is {target.Status} ({target.StatusMessage}); only a READY version can be promoted. Nothing changed.");
            }

            RouterConfig? config = null;
            if (model == settings.ConfigModel && alias == settings.ConfigAlias)
            {
                try
                {
                    config = await RouterConfigArtifacts.LoadAsync(client, model, version, timeout.Token);
                }
                catch (Exception e) when (e is InvalidDataException or FormatException or MlflowException)
                {
                    return Problem(StatusCodes.Status409Conflict, "not a usable router config", $"{model} version {version} cannot become the live config: {e.Message} Nothing changed.");
                }
            }

            var move = await mover.MoveAsync(model, alias, version, request.Reason ?? "POST /admin/promote", MlflowRouterConfigPublisher.AdminActor, timeout.Token);
            if (config is not null)
            {
                await live.ApplyAsync(config, version, ModelUri.ForAlias(model, alias).ToString(), timeout.Token);
            }

            return TypedResults.Ok(new PromoteResponse(model, alias, version, move.PreviousVersion, move.Changed, move.Reason, move.Actor,
                config is null ? null : StatsApi.ToResponse(live.Current)));
        }
        catch (Exception e) when (e is RegistryUnavailableException or MlflowException or HttpRequestException or TimeoutException
            || (e is OperationCanceledException && !context.RequestAborted.IsCancellationRequested))
        {
            RouterLog.PublishFailed(loggers.CreateLogger(typeof(AdminApi)), e);
            return Problem(StatusCodes.Status503ServiceUnavailable, "registry unavailable",
                "the registry did not answer the promotion, so the alias was not moved: " + (e is OperationCanceledException ? $"no answer within {_promoteTimeout.TotalSeconds:0} s." : e.Message));
        }
    }
}
