using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace Bandit.Benchmarks;

/// <summary>
/// The option kinds the benches take, built for System.CommandLine: each has its name, its default in the help, and a
/// bad value (not a number, out of range, not <c>key=value</c>) is a parse error naming the option, before anything starts.
/// </summary>
internal static class BenchOptions
{
    /// <summary>An integer from <paramref name="min"/> to <paramref name="max"/>, <paramref name="defaultValue"/> when left out.</summary>
    public static Option<int> Int(string name, string description, int defaultValue, int min = 1, int max = int.MaxValue) => new(name)
    {
        HelpName = "n",
        Description = max == int.MaxValue ? $"{description}, at least {min}" : $"{description}, {min}..{max}",
        DefaultValueFactory = _ => defaultValue,
        CustomParser = result => Parse(result, text =>
            int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max
                ? n
                : throw new FormatException(max == int.MaxValue ? $"an integer of at least {min}" : $"an integer from {min} to {max}")),
    };

    /// <summary>A comma-separated list of integers of at least <paramref name="min"/> (<c>--replicas 1,2,4</c>).</summary>
    public static Option<int[]> IntList(string name, string description, int[] defaultValue, int min = 1) => new(name)
    {
        HelpName = "n,n,…",
        Description = description,
        Arity = ArgumentArity.ExactlyOne,
        DefaultValueFactory = _ => defaultValue,
        CustomParser = result => Parse(result, text => text.Split(',').Select(part =>
            int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min
                ? n
                : throw new FormatException($"comma-separated integers of at least {min}")).ToArray()),
    };

    /// <summary>
    /// One of <paramref name="allowed"/> (the help lists them), <paramref name="defaultValue"/> when left out. Checked
    /// here rather than by <c>AcceptOnlyFromAmong</c>, whose error spans a line per allowed value.
    /// </summary>
    public static Option<string> OneOf(string name, string description, string defaultValue, IEnumerable<string> allowed)
    {
        string[] values = [.. allowed];
        return new(name)
        {
            HelpName = string.Join('|', values),
            Description = description,
            DefaultValueFactory = _ => defaultValue,
            CustomParser = result => Parse(result, text =>
                values.Contains(text, StringComparer.Ordinal) ? text : throw new FormatException($"one of {string.Join(", ", values)}")),
        };
    }

    /// <summary>
    /// A file that must exist: a path relative to this bench's folder (<see cref="AppContext.BaseDirectory"/>) or
    /// absolute, <paramref name="defaultValue"/> when left out; a missing one is a parse error, before anything starts.
    /// </summary>
    public static Option<string> ExistingFile(string name, string description, string defaultValue) => new(name)
    {
        HelpName = "path",
        Description = description,
        DefaultValueFactory = _ => defaultValue,
        CustomParser = result => Parse(result, text =>
            text.Length > 0 && File.Exists(Path.Combine(AppContext.BaseDirectory, text))
                ? text
                : throw new FormatException($"an existing file (relative to {AppContext.BaseDirectory} or absolute)")),
    };

    /// <summary>An absolute http(s) URL, ending in '/' so relative paths resolve below it; null when left out.</summary>
    public static Option<Uri?> HttpUri(string name, string description) => new(name)
    {
        HelpName = "url",
        Description = description,
        CustomParser = result => Parse<Uri?>(result, text =>
            Uri.TryCreate(text.EndsWith('/') ? text : text + "/", UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
                ? uri
                : throw new FormatException("an absolute http(s) URL")),
    };

    /// <summary>A switch without a value.</summary>
    public static Option<bool> Flag(string name, string description) =>
        new(name) { Arity = ArgumentArity.Zero, Description = description };

    /// <summary>
    /// <c>key=value</c>, repeated (<c>--set a=1 --set b=2</c>), in command-line order so a later key wins when
    /// the list is turned into configuration.
    /// </summary>
    public static Option<KeyValuePair<string, string>[]> Settings(string name, string description) => new(name)
    {
        HelpName = "key=value",
        Description = description + " (repeat it for several)",
        Arity = ArgumentArity.OneOrMore,
        AllowMultipleArgumentsPerToken = false,
        DefaultValueFactory = _ => [],
        CustomParser = result =>
        {
            var settings = new List<KeyValuePair<string, string>>();
            foreach (var token in result.Tokens)
            {
                var at = token.Value.IndexOf('=', StringComparison.Ordinal);
                if (at <= 0)
                {
                    result.AddError($"{OptionName(result)} expects key=value, got '{token.Value}'");
                    return [];
                }

                settings.Add(new(token.Value[..at], token.Value[(at + 1)..]));
            }

            return [.. settings];
        },
    };

    private static T Parse<T>(ArgumentResult result, Func<string, T> parse)
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : "";
        try
        {
            return parse(text);
        }
        catch (FormatException e)
        {
            result.AddError($"{OptionName(result)} expects {e.Message}, got '{text}'");
            return default!;
        }
    }

    private static string? OptionName(ArgumentResult result) => (result.Parent as OptionResult)?.Option.Name;
}
