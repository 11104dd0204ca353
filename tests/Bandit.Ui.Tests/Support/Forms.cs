using System.Net;
using System.Text.RegularExpressions;

namespace Bandit.Ui.Tests.Support;

/// <summary>Posts Razor Pages forms the way a browser does: with the antiforgery token of the page the form is on.</summary>
public static partial class Forms
{
    public static async Task<string> GetTokenAsync(HttpClient client, string pageUrl)
    {
        var html = await client.GetStringAsync(pageUrl);
        var match = Token().Match(html);
        Assert.True(match.Success, $"no antiforgery token on {pageUrl}");
        return WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    /// <summary>GETs <paramref name="pageUrl"/> for a token, then POSTs <paramref name="fields"/> to <paramref name="action"/>.</summary>
    public static async Task<HttpResponseMessage> PostAsync(HttpClient client, string pageUrl, string action, IEnumerable<KeyValuePair<string, string>> fields)
    {
        var token = await GetTokenAsync(client, pageUrl);
        return await client.PostAsync(action, new FormUrlEncodedContent(fields.Append(new("__RequestVerificationToken", token))));
    }

    /// <summary>Signs in on <c>/signin</c> with <paramref name="key"/> (the client keeps the cookie it gets, if any).</summary>
    public static Task<HttpResponseMessage> SignInAsync(HttpClient client, string key) =>
        PostAsync(client, "/signin", "/signin", new Dictionary<string, string> { ["Credential"] = key });

    /// <summary>The text of an HTML page without tags and with entities decoded, whitespace collapsed.</summary>
    public static string Text(string html) =>
        BeforePunctuation().Replace(Spaces().Replace(WebUtility.HtmlDecode(Tags().Replace(Scripts().Replace(html, " "), " ")), " "), "$1");

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Token();

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex Tags();

    [GeneratedRegex("<script[\\s\\S]*?</script>")]
    private static partial Regex Scripts();

    [GeneratedRegex("\\s+([,.;:?!)])")]
    private static partial Regex BeforePunctuation();

    [GeneratedRegex("\\s+")]
    private static partial Regex Spaces();
}
