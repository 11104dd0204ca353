using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Bandit.Registry.Infrastructure;

/// <summary>One comparison of a search filter: <c>[Entity.]Key Op Value</c>, e.g. <c>tags.stage = 'prod'</c>.</summary>
public sealed record FilterClause(string Entity, string Key, string Op, IReadOnlyList<string> Values)
{
    public string Value => Values[0];

    /// <summary>Compares a string (null = absent, which never matches except for !=).</summary>
    public bool Matches(string? actual) => Op switch
    {
        "=" => actual == Value,
        "!=" => actual != Value,
        "LIKE" => actual is not null && Like(Value, ignoreCase: false).IsMatch(actual),
        "ILIKE" => actual is not null && Like(Value, ignoreCase: true).IsMatch(actual),
        "IN" => actual is not null && Values.Contains(actual),
        "NOT IN" => actual is null || !Values.Contains(actual),
        _ => actual is not null && double.TryParse(actual, NumberStyles.Float, CultureInfo.InvariantCulture, out var a) && Matches(a),
    };

    /// <summary>Compares a number.</summary>
    public bool Matches(double actual)
    {
        if (Op is "IN" or "NOT IN")
        {
            var any = Values.Any(v => double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var x) && x == actual);
            return Op == "IN" ? any : !any;
        }

        if (!double.TryParse(Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var v))
        {
            throw RegistryException.Invalid($"Expected a numeric value for '{Key}', got '{Value}'.");
        }

        return Op switch
        {
            "=" => actual == v,
            "!=" => actual != v,
            "<" => actual < v,
            "<=" => actual <= v,
            ">" => actual > v,
            ">=" => actual >= v,
            _ => throw RegistryException.Invalid($"Invalid comparator '{Op}' for '{Key}'."),
        };
    }

    private static Regex Like(string pattern, bool ignoreCase)
    {
        var regex = new StringBuilder("^");
        foreach (var ch in pattern)
        {
            regex.Append(ch switch { '%' => ".*", '_' => ".", _ => Regex.Escape(ch.ToString()) });
        }

        return new Regex(regex.Append('$').ToString(), (ignoreCase ? RegexOptions.IgnoreCase : RegexOptions.None) | RegexOptions.Singleline | RegexOptions.CultureInvariant);
    }
}

/// <summary>
/// The subset of MLflow's search-filter syntax the local registry understands: comparisons joined by
/// <c>AND</c>; identifiers <c>name</c>, <c>run_id</c>, <c>source_path</c>, <c>version_number</c>,
/// <c>tags.&lt;key&gt;</c>, <c>params.&lt;key&gt;</c>, <c>metrics.&lt;key&gt;</c>, <c>attributes.&lt;name&gt;</c>
/// (keys may be quoted with backticks or double quotes); operators <c>= != &lt; &lt;= &gt; &gt;= LIKE ILIKE IN NOT IN</c>;
/// values as 'single' or "double" quoted strings, numbers, or a parenthesised list for IN. No OR, no parentheses.
/// </summary>
public static partial class SearchFilter
{
    [GeneratedRegex("""\G\s*(?:(?<id>(?:[A-Za-z_][\w]*\.)?(?:`[^`]+`|"[^"]+"|[A-Za-z_][\w.\-/:]*))\s*(?<op>!=|<=|>=|=|<|>|(?i:NOT\s+IN)\b|(?i:ILIKE|LIKE|IN)\b)\s*(?<val>'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?|\((?:[^()'"]|'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")*\))\s*(?:(?i:AND)\b|$))""")]
    private static partial Regex Clause();

    [GeneratedRegex("""'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?""")]
    private static partial Regex ListItem();

    private static readonly string[] Entities = ["tags", "tag", "params", "param", "metrics", "metric", "attributes", "attribute", "attr", "run"];

    public static IReadOnlyList<FilterClause> Parse(string? filter)
    {
        if (string.IsNullOrWhiteSpace(filter))
        {
            return [];
        }

        var clauses = new List<FilterClause>();
        var at = 0;
        var text = filter.Trim();
        while (at < text.Length)
        {
            var match = Clause().Match(text, at);
            if (!match.Success || match.Length == 0)
            {
                throw RegistryException.Invalid($"Invalid clause(s) in filter string: {filter}");
            }

            clauses.Add(Build(match.Groups["id"].Value, match.Groups["op"].Value, match.Groups["val"].Value));
            at = match.Index + match.Length;
        }

        return clauses;
    }

    private static FilterClause Build(string identifier, string op, string value)
    {
        var entity = "attributes";
        var key = identifier;
        var dot = identifier.IndexOf('.');
        if (dot > 0 && Entities.Contains(identifier[..dot].ToLowerInvariant()))
        {
            entity = identifier[..dot].ToLowerInvariant() switch
            {
                "tag" or "tags" => "tags",
                "param" or "params" => "params",
                "metric" or "metrics" => "metrics",
                _ => "attributes",
            };
            key = identifier[(dot + 1)..];
        }

        key = key.Trim('`', '"');
        op = Regex.Replace(op.ToUpperInvariant(), @"\s+", " ");
        var values = value.StartsWith('(')
            ? ListItem().Matches(value).Select(m => Unquote(m.Value)).ToList()
            : [Unquote(value)];
        if (op is "IN" or "NOT IN" != value.StartsWith('('))
        {
            throw RegistryException.Invalid($"Invalid clause(s) in filter string: {identifier} {op} {value}");
        }

        return new FilterClause(entity, key, op, values);
    }

    private static string Unquote(string value) =>
        value.Length >= 2 && (value[0] is '\'' or '"') && value[^1] == value[0]
            ? Unescape(value[1..^1])
            : value;

    // Backslash escapes inside a quoted value: \' \" \\ (any other escaped character stands for itself).
    private static string Unescape(string value)
    {
        var text = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            text.Append(value[i] == '\\' && i + 1 < value.Length ? value[++i] : value[i]);
        }

        return text.ToString();
    }
}
