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

    /// <summary>Where screenshots go: <c>screenshots/</c> in the test's output folder (bin/…, never committed).</summary>
    public static string ScreenshotFolder()
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(folder);
        return folder;
    }

    public static Task ShootAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotFolder(), name + ".png"), FullPage = true });

    /// <summary>
    /// Every visible element with its own text whose colour on its effective background is below WCAG AA (4.5:1, or 3:1
    /// for large text: 24 px, or 18.66 px bold), as "ratio selector: text". SVG text is judged by its fill.
    /// </summary>
    public static async Task<IReadOnlyList<string>> LowContrastAsync(IPage page) => await page.EvaluateAsync<string[]>("""
        () => {
            const parse = c => { const m = /rgba?\(([^)]+)\)/.exec(c || ''); if (!m) return null; const p = m[1].split(/[ ,\/]+/).filter(x => x).map(Number); return { r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1 }; };
            const over = (top, under) => ({ r: top.r * top.a + under.r * (1 - top.a), g: top.g * top.a + under.g * (1 - top.a), b: top.b * top.a + under.b * (1 - top.a), a: 1 });
            const lum = c => { const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); }; return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b); };
            const background = el => {
                const layers = [];
                for (let e = el; e; e = e.parentElement) { const c = parse(getComputedStyle(e).backgroundColor); if (c && c.a > 0) { layers.push(c); if (c.a >= 1) break; } }
                return layers.reverse().reduce((under, top) => over(top, under), { r: 255, g: 255, b: 255, a: 1 });
            };
            const bad = [];
            for (const el of document.querySelectorAll('body *')) {
                if (el.closest('option, script, style, .sr-only, .skip') || !el.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true })) continue;
                if (![...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim())) continue;
                const style = getComputedStyle(el);
                const svg = el instanceof SVGElement;
                const fg0 = parse(svg ? style.fill : style.color);
                if (!fg0) continue;
                const bg = background(svg ? el.ownerSVGElement : el);
                const fg = over(fg0, bg);
                const [hi, lo] = [lum(fg), lum(bg)].sort((x, y) => y - x);
                const ratio = (hi + 0.05) / (lo + 0.05);
                const size = parseFloat(style.fontSize), bold = parseInt(style.fontWeight, 10) >= 700;
                const need = size >= 24 || (size >= 18.66 && bold) ? 3 : 4.5;
                if (ratio < need) bad.push(ratio.toFixed(2) + ' ' + el.tagName.toLowerCase() + (el.className && el.className.baseVal === undefined ? '.' + el.className : '') + ': ' + el.textContent.trim().slice(0, 40));
            }
            return bad;
        }
        """);

    /// <summary>How far the page scrolls sideways (0 = it fits the window).</summary>
    public static Task<int> HorizontalOverflowAsync(IPage page) =>
        page.EvaluateAsync<int>("() => Math.max(document.documentElement.scrollWidth, document.body.scrollWidth) - window.innerWidth");

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
