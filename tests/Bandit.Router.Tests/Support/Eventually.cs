namespace Bandit.Router.Tests.Support;

public static class Eventually
{
    /// <summary>Polls <paramref name="condition"/> every 50 ms until it holds; fails with <paramref name="what"/> after <paramref name="timeout"/>.</summary>
    public static async Task HoldsAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new Xunit.Sdk.XunitException($"timed out waiting for: {what}");
            }

            await Task.Delay(50);
        }
    }
}
