namespace Bandit.Registry.Infrastructure;

/// <summary>MLflow error codes the registry answers with (mlflow/protos/databricks.proto).</summary>
public static class ErrorCodes
{
    public const string InvalidParameterValue = "INVALID_PARAMETER_VALUE";
    public const string ResourceDoesNotExist = "RESOURCE_DOES_NOT_EXIST";
    public const string ResourceAlreadyExists = "RESOURCE_ALREADY_EXISTS";
    public const string ResourceLimitExceeded = "RESOURCE_LIMIT_EXCEEDED";
    public const string EndpointNotFound = "ENDPOINT_NOT_FOUND";
    public const string InternalError = "INTERNAL_ERROR";
}

/// <summary>An error answered as MLflow does: <c>{"error_code": ..., "message": ...}</c> with the matching HTTP status.</summary>
public sealed class RegistryException(int statusCode, string errorCode, string message) : Exception(message)
{
    public int StatusCode { get; } = statusCode;

    public string ErrorCode { get; } = errorCode;

    /// <summary>400 INVALID_PARAMETER_VALUE: bad input (and, as in MLflow, a missing alias).</summary>
    public static RegistryException Invalid(string message) => new(StatusCodes.Status400BadRequest, ErrorCodes.InvalidParameterValue, message);

    /// <summary>404 RESOURCE_DOES_NOT_EXIST.</summary>
    public static RegistryException NotFound(string message) => new(StatusCodes.Status404NotFound, ErrorCodes.ResourceDoesNotExist, message);

    /// <summary>400 RESOURCE_ALREADY_EXISTS (MLflow uses 400, not 409).</summary>
    public static RegistryException AlreadyExists(string message) => new(StatusCodes.Status400BadRequest, ErrorCodes.ResourceAlreadyExists, message);

    /// <summary>MLflow's text for a missing required field.</summary>
    public static RegistryException Missing(string field) =>
        Invalid($"Missing value for required parameter '{field}'. See the API docs for more information about request parameters.");
}
