using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Bandit.ServiceDefaults.Http;

/// <summary>The OpenAPI side of <see cref="JsonBodyReader"/>: the refusals an endpoint that reads a JSON body can answer.</summary>
public static class BodyRefusalMetadata
{
    /// <summary>Declares 413 (too large) and 415 (not JSON) problem details; the endpoint declares its own 400
    /// (a validation problem or a plain one), which also covers a body that broke off before its end.</summary>
    public static RouteHandlerBuilder ProducesBodyRefusals(this RouteHandlerBuilder endpoint) => endpoint
        .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
        .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
}
