using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Bandit.Router.Choosing;

/// <summary>
/// <c>POST /choose</c> in the OpenAPI document: YARP serves it, so no route handler describes it to the API explorer;
/// this transformer writes its operation (request, the answers of the choose step and of the variant behind it).
/// </summary>
internal sealed class ChooseOpenApi : IOpenApiDocumentTransformer
{
    public const string Path = "/choose";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        var operation = new OpenApiOperation
        {
            OperationId = "Choose",
            Summary = "Picks an arm for the user and forwards the request to that arm's variant",
            Description = "Body {userId, k?} as application/json. The answer is the variant's items with arm, decisionId, propensity and "
                + "modelVersion, also as the headers X-Bandit-Arm, X-Bandit-Decision and X-Bandit-Propensity.",
            RequestBody = new OpenApiRequestBody
            {
                Required = true,
                Content = new Dictionary<string, OpenApiMediaType> { ["application/json"] = new() },
            },
            Responses = new OpenApiResponses
            {
                ["200"] = Answer("the chosen variant's recommendations, with the decision"),
                ["400"] = Answer("not a {userId, k?} body (problem details)"),
                ["413"] = Answer($"a body over {ChooseRequest.MaxBodyBytes} bytes (problem details)"),
                ["415"] = Answer("a Content-Type that is not JSON (problem details)"),
                ["502"] = Answer("no variant answered (problem details)"),
                ["503"] = Answer("the bandit state is unavailable (problem details)"),
            },
        };
        document.Paths ??= new OpenApiPaths();
        document.Paths[Path] = new OpenApiPathItem { Operations = new Dictionary<HttpMethod, OpenApiOperation> { [HttpMethod.Post] = operation } };
        return Task.CompletedTask;
    }

    private static OpenApiResponse Answer(string description) => new() { Description = description };
}
