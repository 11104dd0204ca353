namespace Bandit.Router.Experiment.AutoPromotion;

internal static partial class AutoPromotionLog
{
    [LoggerMessage(EventId = 40, Level = LogLevel.Information, Message = "Auto-promotion in experiment {Experiment}: {Action} {Alias} to version {Version}: {Reason}")]
    public static partial void Acted(ILogger logger, string experiment, string action, string alias, string version, string reason);

    [LoggerMessage(EventId = 41, Level = LogLevel.Warning, Message = "Auto-promotion evaluation failed; it is tried again at the next interval")]
    public static partial void Failed(ILogger logger, Exception exception);
}
