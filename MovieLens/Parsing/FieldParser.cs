using System.Globalization;

namespace Bandit.MovieLens.Parsing;

/// <summary>Splits and converts the fields of one line, turning every failure into an error naming file and line.</summary>
internal static class FieldParser
{
    /// <summary>Splits on <paramref name="separator"/> into exactly <paramref name="ranges"/>.Length - 1 fields.</summary>
    public static void Split(LineSource source, string line, ReadOnlySpan<char> separator, Span<Range> ranges, string describe)
    {
        var expected = ranges.Length - 1;
        var count = line.AsSpan().Split(ranges, separator);
        if (count != expected)
        {
            throw source.Error($"expected {expected} fields ({describe}) but found {(count > expected ? "more" : count.ToString(CultureInfo.InvariantCulture))}");
        }
    }

    public static int Int(LineSource source, ReadOnlySpan<char> text, string field)
    {
        if (!int.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
        {
            throw source.Error($"{field} '{Shorten(text)}' is not an integer");
        }

        return value;
    }

    /// <summary>An integer id that must not have appeared before in the file.</summary>
    public static int UniqueId(LineSource source, ReadOnlySpan<char> text, string field, HashSet<int> seen)
    {
        var id = Int(source, text, field);
        if (!seen.Add(id))
        {
            throw source.Error($"{field} {id} appears twice");
        }

        return id;
    }

    public static long Long(LineSource source, ReadOnlySpan<char> text, string field)
    {
        if (!long.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
        {
            throw source.Error($"{field} '{Shorten(text)}' is not an integer");
        }

        return value;
    }

    /// <summary>A star rating: a number in [0.5, 5].</summary>
    public static float Stars(LineSource source, ReadOnlySpan<char> text)
    {
        if (!float.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            throw source.Error($"rating '{Shorten(text)}' is not a number");
        }

        if (!(value >= 0.5f && value <= 5f))
        {
            throw source.Error($"rating {value.ToString(CultureInfo.InvariantCulture)} is outside 0.5–5");
        }

        return value;
    }

    public static void Header(LineSource source, string expected)
    {
        if (!source.TryRead(out var header))
        {
            throw source.Error($"the file is empty; expected the header '{expected}'");
        }

        if (!string.Equals(header.Trim().TrimStart('\uFEFF'), expected, StringComparison.Ordinal))
        {
            throw source.Error($"expected the header '{expected}' but found '{Shorten(header)}'");
        }
    }

    private static string Shorten(ReadOnlySpan<char> text) => text.Length <= 40 ? text.ToString() : string.Concat(text[..40], "…");
}
