namespace Bandit.Ui.Tests.Support;

/// <summary>Checks on rendered pages.</summary>
public static class PageAssert
{
    /// <summary>No exception type, stack frame or developer exception page in the HTML.</summary>
    public static void NoStackTrace(string html)
    {
        Assert.DoesNotContain("   at ", html);
        Assert.DoesNotContain("Exception:", html);
        Assert.DoesNotContain("An unhandled exception occurred", html);
        Assert.DoesNotContain("System.Net.Http", html);
        Assert.DoesNotContain(".cs:line", html);
    }
}
