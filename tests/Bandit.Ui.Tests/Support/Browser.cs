using Microsoft.Playwright;

namespace Bandit.Ui.Tests.Support;

/// <summary>
/// Headless Debian Chromium driven by Playwright for .NET (its driver ships in the NuGet package; no browser is
/// downloaded): <c>/usr/bin/chromium</c>, or <c>CHROMIUM_PATH</c>, with a fresh user-data folder per run.
/// </summary>
public sealed class Browser : IAsyncDisposable
{
    public const string DefaultExecutable = "/usr/bin/chromium";

    private static readonly string[] _args =
        ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"];

    private readonly IPlaywright _playwright;
    private readonly string _profile;

    private Browser(IPlaywright playwright, IBrowserContext context, string profile)
    {
        _playwright = playwright;
        Context = context;
        _profile = profile;
    }

    public IBrowserContext Context { get; }

    /// <summary>Starts Chromium, or fails the test with the package to install when it is missing (never a silent pass).</summary>
    public static async Task<Browser> LaunchAsync()
    {
        var executable = Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 } configured ? configured : DefaultExecutable;
        if (!File.Exists(executable))
        {
            Assert.Fail($"Chromium is not installed at {executable}: the browser test needs Debian's 'chromium' package (apt-get install -y chromium), or CHROMIUM_PATH naming a Chromium executable.");
        }

        var profile = Path.Combine(Path.GetTempPath(), "bandit-ui-chromium-" + Guid.NewGuid().ToString("N"));
        var playwright = await Playwright.CreateAsync();
        var context = await playwright.Chromium.LaunchPersistentContextAsync(profile, new BrowserTypeLaunchPersistentContextOptions
        {
            ExecutablePath = executable,
            Headless = true,
            Args = _args,
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
            Timeout = 30_000,
        });
        context.SetDefaultTimeout(15_000);
        Assertions.SetDefaultExpectTimeout(15_000); // a busy CI machine renders slower than Playwright's 5 s default
        return new Browser(playwright, context, profile);
    }

    /// <summary>Where screenshots go: <c>tests/Bandit.Ui.Tests/TestResults/screenshots</c> (git-ignored).</summary>
    public static string ScreenshotFolder()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Bandit.Aspire.sln")))
        {
            dir = dir.Parent;
        }

        var root = dir?.FullName ?? AppContext.BaseDirectory;
        var folder = Path.Combine(root, "tests", "Bandit.Ui.Tests", "TestResults", "screenshots");
        Directory.CreateDirectory(folder);
        return folder;
    }

    public static Task ShootAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotFolder(), name + ".png"), FullPage = true });

    public async ValueTask DisposeAsync()
    {
        await Context.CloseAsync();
        _playwright.Dispose();
        try
        {
            Directory.Delete(_profile, recursive: true);
        }
        catch (IOException)
        {
            // Chromium may still be flushing its profile; the temp folder is cleaned by the OS.
        }
    }
}
