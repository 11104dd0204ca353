using System.Net;
using Bandit.Ui.Tests.Support;

namespace Bandit.Ui.Tests;

/// <summary>
/// One gate: without a signed-in operator — no sign-in, a wrong key, a forged or tampered cookie, a key the Router
/// stopped accepting, or a key put in the Ui's own configuration — no admin action reaches the Router and nothing in
/// the registry or the experiment changes. Read-only pages stay open.
/// </summary>
[Collection(UiCollection.Name)]
public sealed class OperatorSignInTests(RegistryFixture registry) : FakeRouterPageTests(registry)
{
    private SeededRegistry _seeded = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Router.Registry = Registry.Client;
        _seeded = await Registry.SeedFreshAsync();
    }

    /// <summary>Each admin page, its confirmation GET and the form its POST sends.</summary>
    public static TheoryData<string, string, string> AdminActions => new()
    {
        { "/models/promote?model={m}&version=2&alias=PolicyA", "/models/promote", "model={m}&version=2&alias=PolicyA" },
        { "/models/strategy?strategy=hash&weights=1&weights=0", "/models/strategy", "strategy=hash&weights=1&weights=0" },
        { "/experiment/reset", "/experiment/reset", "" },
    };

    [Theory]
    [MemberData(nameof(AdminActions))]
    public async Task AdminAction_WithoutSignIn_RedirectsToSignInAndChangesNothing(string confirm, string action, string form)
    {
        await using var ui = FreshUi();
        var client = ui.CreateNonRedirectingClient();

        using var get = await client.GetAsync(confirm.Replace("{m}", _seeded.ModelName, StringComparison.Ordinal));
        using var post = await PostAsync(client, action, form);

        Assert.Equal(HttpStatusCode.Redirect, get.StatusCode);
        Assert.StartsWith("/signin?ReturnUrl=", get.Headers.Location?.PathAndQuery);
        Assert.Equal(HttpStatusCode.Redirect, post.StatusCode);
        Assert.StartsWith("/signin", post.Headers.Location?.AbsolutePath);
        await AssertNothingChangedAsync();
    }

    [Theory]
    [MemberData(nameof(AdminActions))]
    public async Task AdminAction_AfterAWrongKey_IsRefusedAndChangesNothing(string confirm, string action, string form)
    {
        await using var ui = FreshUi();
        var client = ui.CreateNonRedirectingClient();

        using var signIn = await Forms.SignInAsync(client, "not-the-key");
        var text = Forms.Text(await signIn.Content.ReadAsStringAsync());
        using var get = await client.GetAsync(confirm.Replace("{m}", _seeded.ModelName, StringComparison.Ordinal));
        using var post = await PostAsync(client, action, form);

        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
        Assert.DoesNotContain(signIn.Headers.TryGetValues("Set-Cookie", out var set) ? set : [], c => c.StartsWith("bandit.operator=", StringComparison.Ordinal));
        Assert.Contains("The Router did not accept this key: nothing was signed in.", text);
        Assert.Equal("Bearer not-the-key", Assert.Single(Router.WhoAmICalls));
        Assert.Equal(HttpStatusCode.Redirect, get.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, post.StatusCode);
        Assert.StartsWith("/signin", post.Headers.Location?.AbsolutePath);
        await AssertNothingChangedAsync();
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("CfDJ8tampered")]
    [InlineData("flip")]
    public async Task AdminAction_WithAForgedCookie_IsRefusedAndChangesNothing(string forgery)
    {
        await using var ui = FreshUi();
        var cookie = await OperatorCookieAsync(ui);
        var value = forgery switch
        {
            "flip" => cookie[..(cookie.Length / 2)] + (cookie[cookie.Length / 2] == 'A' ? 'B' : 'A') + cookie[(cookie.Length / 2 + 1)..], // one character changed
            "CfDJ8tampered" => "CfDJ8" + new string('x', cookie.Length - 5),
            _ => Convert.ToBase64String("admin:test-admin-key"u8.ToArray()),
        };
        var client = ui.CreateNonRedirectingClient();
        var token = await Forms.GetTokenAsync(client, "/");

        using var request = new HttpRequestMessage(HttpMethod.Post, "/experiment/reset")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }),
        };
        request.Headers.Add("Cookie", $"bandit.operator={value}");
        using var response = await client.SendAsync(request);
        using var confirm = new HttpRequestMessage(HttpMethod.Get, "/experiment/reset");
        confirm.Headers.Add("Cookie", $"bandit.operator={value}");
        using var page = await client.SendAsync(confirm);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/signin", response.Headers.Location?.AbsolutePath);
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        await AssertNothingChangedAsync();
    }

    [Fact]
    public async Task SignIn_RightKey_SetsAnHttpOnlyStrictCookieThatDoesNotShowTheKey()
    {
        await using var ui = FreshUi();
        var client = ui.CreateNonRedirectingClient();

        using var response = await Forms.SignInAsync(client, FakeRouter.AdminKey);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/models", response.Headers.Location?.OriginalString);
        var setCookie = Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("bandit.operator=", StringComparison.Ordinal));
        Assert.Contains("httponly", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(FakeRouter.AdminKey, Uri.UnescapeDataString(setCookie));
        Assert.DoesNotContain(Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(FakeRouter.AdminKey)), setCookie);
    }

    [Fact]
    public async Task SignedIn_KeyNoLongerAccepted_NothingChangesAndTheOperatorIsSignedOut()
    {
        await using var ui = FreshUi();
        var client = await ui.CreateSignedInClientAsync();
        Router.Key = "rotated-key";

        using var response = await Forms.PostAsync(client, "/experiment/reset", "/experiment/reset", []);
        var text = Forms.Text(await response.Content.ReadAsStringAsync());
        using var again = await client.GetAsync("/experiment/reset");

        Assert.Contains("The Router no longer accepts the key you signed in with (401), so nothing changed and you are signed out.", text);
        Assert.Equal("Bearer " + FakeRouter.AdminKey, Assert.Single(Router.AdminCalls).Authorization); // refused by the Router
        Assert.Equal(0, Router.ResetCount);
        Assert.Equal("/signin", again.RequestMessage?.RequestUri?.AbsolutePath);
    }

    [Fact]
    public async Task AdminKeyInTheUisConfiguration_IsIgnored_NothingChangesWithoutSignIn()
    {
        await using var ui = FreshUi(new Dictionary<string, string?> { ["Router:AdminKey"] = FakeRouter.AdminKey, ["Router__AdminKey"] = FakeRouter.AdminKey });
        var client = ui.CreateNonRedirectingClient();

        using var post = await PostAsync(client, "/models/promote", $"model={_seeded.ModelName}&version=2&alias=PolicyA");
        var models = Forms.Text(await client.GetStringAsync("/models"));

        Assert.Equal(HttpStatusCode.Redirect, post.StatusCode);
        Assert.Contains("sign in with the Router's admin key", models);
        await AssertNothingChangedAsync();
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/experiment")]
    [InlineData("/models")]
    [InlineData("/report")]
    public async Task ReadOnlyPages_StayOpen(string path)
    {
        await using var ui = FreshUi();

        using var response = await ui.CreateNonRedirectingClient().GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    /// <summary>A Ui on this test's freshly seeded model (its aliases are checked after each refusal).</summary>
    private UiApplication FreshUi(IReadOnlyDictionary<string, string?>? settings = null) => NewUi(_seeded.ModelName, settings: settings);

    /// <summary>POSTs <paramref name="form"/> with a valid antiforgery token (from an open page), as a browser would.</summary>
    private async Task<HttpResponseMessage> PostAsync(HttpClient client, string action, string form)
    {
        var token = await Forms.GetTokenAsync(client, "/");
        var fields = form.Replace("{m}", _seeded.ModelName, StringComparison.Ordinal).Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2)).Select(p => new KeyValuePair<string, string>(p[0], p[1]))
            .Append(new("__RequestVerificationToken", token));
        return await client.PostAsync(action, new FormUrlEncodedContent(fields));
    }

    /// <summary>The value of a genuine operator cookie, as the Ui issues it.</summary>
    private static async Task<string> OperatorCookieAsync(UiApplication ui)
    {
        var client = ui.CreateNonRedirectingClient();
        using var response = await Forms.SignInAsync(client, FakeRouter.AdminKey);
        var header = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("bandit.operator=", StringComparison.Ordinal));
        return header["bandit.operator=".Length..header.IndexOf(';', StringComparison.Ordinal)];
    }

    private async Task AssertNothingChangedAsync()
    {
        Assert.Empty(Router.AdminCalls);
        Assert.Equal(0, Router.ResetCount);
        Assert.Equal("1", (await Registry.Client.GetModelVersionByAliasAsync(_seeded.ModelName, "PolicyA")).Version);
        Assert.Equal("thompson", Router.Strategy);
    }
}
