using System.Globalization;
using System.Text.RegularExpressions;

namespace Bandit.MovieLens.Parsing;

/// <summary>Reads the release year that MovieLens appends to titles: <c>Toy Story (1995)</c>, <c>Death Note (2006–2007)</c>.</summary>
internal static partial class TitleYear
{
    [GeneratedRegex(@"\((\d{4})(?:\s*[-–]\s*(?:\d{4})?)?\)\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex YearAtEnd();

    /// <summary>The (first) year in the title's trailing parentheses, or null when the title carries none.</summary>
    public static int? Parse(string title)
    {
        var match = YearAtEnd().Match(title);
        return match.Success ? int.Parse(match.Groups[1].ValueSpan, CultureInfo.InvariantCulture) : null;
    }
}
