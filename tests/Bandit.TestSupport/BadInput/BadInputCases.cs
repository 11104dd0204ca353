using System.Text;

namespace Bandit.TestSupport;

/// <summary>
/// The bad requests of a <see cref="BadInputSweep"/> for one operation: garbage in each path and query parameter (the
/// others well-formed), and for a route that reads a body every body in <see cref="BadInputValues.Bodies"/>, wrong
/// Content-Types, an empty body, one over the limit, bytes that are not UTF-8, and each field of a well-formed body
/// replaced by each of <see cref="BadInputValues.FieldValues"/> (or left out), two levels deep.
/// </summary>
public static partial class BadInputCases
{
    private const string Json = "application/json";

    /// <summary>The cases of <paramref name="operation"/>; <paramref name="wellFormedBody"/> is null when no body is known.</summary>
    public static IEnumerable<SweepCase> For(SweepOperation operation, BadInputSweepOptions options, RouteSample? sample, string? wellFormedBody)
    {
        var query = Query(operation, sample);
        var pathValues = operation.PathParameters.ToDictionary(p => p, p => options.PathValues.GetValueOrDefault(p, "1"));
        var target = Target(operation.Path, pathValues, query);
        var bodyBytes = wellFormedBody is null ? null : Encoding.UTF8.GetBytes(wellFormedBody);
        var contentType = bodyBytes is null ? null : Json;

        foreach (var parameter in operation.PathParameters)
        {
            foreach (var value in BadInputValues.UriValues)
            {
                var values = new Dictionary<string, string>(pathValues) { [parameter] = value };
                yield return new SweepCase(operation, $"path {parameter}={Short(value)}", Target(operation.Path, values, query), bodyBytes, contentType);
            }
        }

        foreach (var (name, _) in query)
        {
            foreach (var value in BadInputValues.UriValues.Concat(BadInputValues.QueryOnlyValues))
            {
                var values = query.Select(q => q.Name == name ? (q.Name, (string?)value) : q).ToList();
                yield return new SweepCase(operation, $"query {name}={Short(value)}", Target(operation.Path, pathValues, values), bodyBytes, contentType);
            }

            var repeated = query.Concat(query.Where(q => q.Name == name).Select(q => (q.Name, (string?)"2"))).ToList();
            yield return new SweepCase(operation, $"query {name} twice", Target(operation.Path, pathValues, repeated), bodyBytes, contentType);
            var bare = query.Select(q => q.Name == name ? (q.Name, (string?)null) : (q.Name, q.Value)).ToList();
            yield return new SweepCase(operation, $"query {name} without a value", Target(operation.Path, pathValues, bare), bodyBytes, contentType);
        }

        // Parameters nobody declared: ignored or refused, never a failure.
        var junk = target + (target.Contains('?') ? "&" : "?") + "zz%ff=%ED%A0%80&%00=1&" + new string('q', 2000) + "=1";
        yield return new SweepCase(operation, "undeclared junk query", junk, bodyBytes, contentType);

        if (options.NeedsAuth(operation.Path))
        {
            yield return new SweepCase(operation, "no credential", target, bodyBytes, contentType, SweepAuth.None);
            foreach (var credential in options.WrongCredentials)
            {
                yield return new SweepCase(operation, $"wrong credential {Short(credential.Value)}", target, bodyBytes, contentType, SweepAuth.Wrong, credential);
            }
        }

        if (!ReadsJsonBody(operation, sample))
        {
            yield break;
        }

        foreach (var (name, body) in BadInputValues.Bodies)
        {
            yield return new SweepCase(operation, $"body {name}", target, Encoding.UTF8.GetBytes(body), Json);
        }

        yield return new SweepCase(operation, "body empty", target, [], Json);
        yield return new SweepCase(operation, "body not UTF-8", target, BadInputValues.InvalidUtf8, Json);
        yield return new SweepCase(operation, $"body over {options.MaxBodyBytes} bytes", target, Oversized(options.MaxBodyBytes + 4096), Json);
        foreach (var (type, body) in BadInputValues.WrongMediaTypes)
        {
            yield return new SweepCase(operation, $"Content-Type {type}", target, Encoding.UTF8.GetBytes(body), type);
        }

        if (wellFormedBody is null)
        {
            yield break;
        }

        yield return new SweepCase(operation, "well-formed body without Content-Type", target, bodyBytes, null);
        if (wellFormedBody.TrimStart().StartsWith('{'))
        {
            // A property name that is not valid UTF-16: looking up the real names beside it must not throw.
            foreach (var key in BadInputValues.BrokenKeys)
            {
                var json = "{\"" + key + "\": 1, " + wellFormedBody.TrimStart()[1..].TrimStart();
                yield return new SweepCase(operation, $"key {Short(key)} beside the fields", target, Encoding.UTF8.GetBytes(json.Replace(", }", "}", StringComparison.Ordinal)), Json);
            }
        }

        foreach (var (field, json) in FieldMutations(wellFormedBody))
        {
            yield return new SweepCase(operation, $"field {field}", target, Encoding.UTF8.GetBytes(json), Json);
        }
    }

    /// <summary>Whether the sweep sends JSON bodies to the operation: it says it reads one, or a sample gives one, or it is a write without a sample saying otherwise.</summary>
    public static bool ReadsJsonBody(SweepOperation operation, RouteSample? sample) =>
        sample is { JsonBody: false } ? false : operation.ReadsBody || sample?.Body is not null || operation.Method is "POST" or "PUT" or "PATCH";

    private static List<(string Name, string? Value)> Query(SweepOperation operation, RouteSample? sample)
    {
        var given = (sample?.Query ?? "").Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => pair.Split('=', 2)).Select(p => (p[0], (string?)(p.Length > 1 ? p[1] : ""))).ToList();
        given.AddRange(operation.QueryParameters.Where(p => given.All(g => g.Item1 != p)).Select(p => (p, (string?)"1")));
        return given;
    }

    private static string Target(string path, IReadOnlyDictionary<string, string> values, IEnumerable<(string Name, string? Value)> query)
    {
        foreach (var (name, value) in values)
        {
            path = path.Replace("{" + name + "}", value, StringComparison.Ordinal);
        }

        var pairs = query.Select(q => q.Value is null ? q.Name : q.Name + "=" + q.Value).ToList();
        return pairs.Count == 0 ? path : path + "?" + string.Join('&', pairs);
    }

    private static byte[] Oversized(int bytes)
    {
        var body = Encoding.ASCII.GetBytes("{\"padding\": \"" + new string('a', bytes - 15) + "\"}");
        return body;
    }

    private static string Short(string value) => value.Length > 24 ? $"{value[..12]}…({value.Length})" : value;
}
