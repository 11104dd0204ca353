namespace Bandit.Router.Common;

// The audit trail of alias moves (MLflow's promotions experiment). Event ids from 40, clear of the main list.
internal static partial class RouterLog
{
    [LoggerMessage(EventId = 40, Level = LogLevel.Warning, Message = "Recording the move of {Model}@{Alias} to {Version} in the promotions experiment failed; the alias did move")]
    public static partial void PromotionRecordFailed(ILogger logger, string model, string alias, string version, Exception exception);
}
