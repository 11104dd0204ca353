namespace Bandit.Training.Reporting;

/// <summary>Text for a one-line console error, shared by the Trainer and the Replay.</summary>
public static class ConsoleText
{
    /// <summary>
    /// <paramref name="text"/> on one line, its runs of white space as one space, at most <paramref name="maxLength"/>
    /// characters (then "…"): a server's error body (an HTML page from a proxy) can span many lines and fill the screen.
    /// </summary>
    public static string OneLine(string text, int maxLength = int.MaxValue)
    {
        var line = string.Join(' ', text.Split((char[])['\r', '\n', '\t', ' '], StringSplitOptions.RemoveEmptyEntries));
        return line.Length > maxLength ? line[..maxLength] + "…" : line;
    }
}
