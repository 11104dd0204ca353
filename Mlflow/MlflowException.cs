using System.Net;

namespace Bandit.Mlflow;

/// <summary>MLflow's <c>error_code</c> strings (mlflow/protos/databricks.proto) that callers branch on.</summary>
public static class MlflowErrorCodes
{
    public const string InvalidParameterValue = "INVALID_PARAMETER_VALUE";
    public const string ResourceDoesNotExist = "RESOURCE_DOES_NOT_EXIST";
    public const string ResourceAlreadyExists = "RESOURCE_ALREADY_EXISTS";
    public const string InternalError = "INTERNAL_ERROR";
    public const string BadRequest = "BAD_REQUEST";
    public const string InvalidState = "INVALID_STATE";
}

/// <summary>
/// An error answer from an MLflow server: the HTTP status and MLflow's <c>error_code</c> and
/// <c>message</c> from the body (<c>{"error_code": ..., "message": ...}</c>). When the body is not
/// MLflow's (a proxy's HTML page), <see cref="ErrorCode"/> is null and the message holds the start of the body.
/// </summary>
public sealed class MlflowException : Exception
{
    public MlflowException(HttpStatusCode statusCode, string? errorCode, string mlflowMessage, string? request = null, Exception? innerException = null)
        : base(request is null ? mlflowMessage : $"{request} -> {(int)statusCode} {errorCode}: {mlflowMessage}", innerException)
    {
        StatusCode = statusCode;
        ErrorCode = errorCode;
        MlflowMessage = mlflowMessage;
    }

    public HttpStatusCode StatusCode { get; }

    /// <summary>MLflow's error code, e.g. <see cref="MlflowErrorCodes.ResourceDoesNotExist"/>.</summary>
    public string? ErrorCode { get; }

    /// <summary>The server's <c>message</c>, as sent; <see cref="Exception.Message"/> adds the request and status.</summary>
    public string MlflowMessage { get; }

    /// <summary>404 RESOURCE_DOES_NOT_EXIST: the experiment, run, model or version is not there.</summary>
    public bool IsNotFound => ErrorCode == MlflowErrorCodes.ResourceDoesNotExist || (ErrorCode is null && StatusCode == HttpStatusCode.NotFound);

    /// <summary>400 RESOURCE_ALREADY_EXISTS: a create for a name that is taken.</summary>
    public bool IsAlreadyExists => ErrorCode == MlflowErrorCodes.ResourceAlreadyExists;

    /// <summary>400 INVALID_PARAMETER_VALUE: bad input, and also (MLflow's choice) a missing alias.</summary>
    public bool IsInvalidParameter => ErrorCode == MlflowErrorCodes.InvalidParameterValue;
}
