using System.Text;

namespace Bandit.TestSupport;

/// <summary>
/// The garbage a <see cref="BadInputSweep"/> sends: values for path and query parameters (already percent-encoded, as
/// they go on the request line), JSON values for a body's fields and whole bodies. Sizes stay under Kestrel's own
/// request-line limit (8 KB), so what answers is the service, not the server.
/// </summary>
public static class BadInputValues
{
    /// <summary>A path segment or query value: words where numbers belong, numbers out of range, odd bytes, traversal, length.</summary>
    public static IReadOnlyList<string> UriValues { get; } =
    [
        "abc", "-1", "0", "99999999999999999999999", "1e308", "NaN", "1.5", "%20", "%25", "%ff%fe", "%ED%A0%80", "%E2%80%AE1",
        "%F0%9F%98%80", "%2e%2e", "%2e%2e%2f%2e%2e%2fetc%2fpasswd", "..%5c..%5cwin.ini", "%27%20OR%201%3D1--", "%3Cscript%3E",
        new string('a', 4000),
    ];

    /// <summary>A query value only: NUL and a lone percent sign (in a path Kestrel refuses them before any service code runs).</summary>
    public static IReadOnlyList<string> QueryOnlyValues { get; } = ["%00", "%", "a%0Ab"];

    /// <summary>A JSON value put in place of one field: every kind, numbers no type holds, odd strings, depth.</summary>
    public static IReadOnlyList<(string Name, string Json)> FieldValues { get; } =
    [
        ("null", "null"), ("true", "true"), ("empty-string", "\"\""), ("word", "\"abc\""), ("zero", "0"), ("negative", "-1"),
        ("fraction", "1.5"), ("2^63", "9223372036854775808"), ("-2^63-1", "-9223372036854775809"), ("1e308", "1e308"), ("1e400", "1e400"),
        ("NaN-string", "\"NaN\""), ("Infinity-string", "\"-Infinity\""), ("number-string", "\"-1\""), ("array", "[]"), ("object", "{}"),
        ("array-of-junk", "[null, \"x\", {}]"), ("deep-200", Deep(200)), ("long-10k", "\"" + new string('x', 10_000) + "\""),
        ("lone-surrogate", "\"\\ud800\""), ("nul", "\"a\\u0000b\""), ("rtl", "\"\\u202eabc\""), ("traversal", "\"../../etc/passwd\""),
    ];

    /// <summary>Whole JSON bodies that are not JSON, or not an object, or nested past any parser's default depth.</summary>
    public static IReadOnlyList<(string Name, string Body)> Bodies { get; } =
    [
        ("truncated", "{"), ("unterminated", "{\"a\":"), ("nul-literal", "nul"), ("single-quotes", "{'a': 1}"), ("trailing", "{\"a\":1}}"),
        ("comment", "/* */ {}"), ("array", "[]"), ("string", "\"text\""), ("number", "42"), ("null", "null"), ("true", "true"),
        ("empty-object", "{}"), ("whitespace", "   "), ("deep-array-10000", Deep(10_000)), ("deep-object-2000", DeepObject(2_000)),
        ("lone-surrogate", "\"\\ud800\""), ("surrogate-key", "{\"\\udc00\": 1}"), ("long-surrogate-key", "{\"\\udc00\\udc00\\udc00abcdefghijkl\": 1}"), ("raw-nul", "{\"a\": 1\u0000}"),
    ];

    /// <summary>Escaped property names that are not valid UTF-16 (lone surrogates), of several lengths.</summary>
    public static IReadOnlyList<string> BrokenKeys { get; } = ["\\udc00", "\\ud800x", "a\\udfffb", "\\ud800\\ud800\\ud800\\ud800", "userId\\ud800", "\\ud83d" + new string('k', 40)];

    /// <summary>Content-Types a JSON route must refuse (or at least not choke on), each with a body in that type.</summary>
    public static IReadOnlyList<(string ContentType, string Body)> WrongMediaTypes { get; } =
    [
        ("text/plain", "{}"), ("application/xml", "<a>1</a>"), ("application/x-www-form-urlencoded", "a=1&b=%ff"),
        ("multipart/form-data; boundary=x", "--x\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--x--\r\n"), ("application/octet-stream", "\u0001\u0002"),
        ("garbage/;;;", "{}"),
    ];

    /// <summary>Bytes that are not UTF-8 inside a JSON string.</summary>
    public static byte[] InvalidUtf8 { get; } = [(byte)'{', (byte)'"', 0xFF, 0xFE, (byte)'"', (byte)':', (byte)'1', (byte)'}'];

    private static string Deep(int depth) => new StringBuilder().Append('[', depth).Append(']', depth).ToString();

    private static string DeepObject(int depth) => new StringBuilder().Insert(0, "{\"a\":", depth).Append('1').Append('}', depth).ToString();
}
