using Bandit.Router.Store;

namespace Bandit.Router.Tests.State;

/// <summary>Claims, for every store: the first claim of a key wins, a second — from this store or another over the same
/// state (another replica) — loses while the first lives, and the key is free again once its time to live has passed.</summary>
public abstract partial class BanditStoreContract
{
    [Fact]
    public async Task Claim_FirstWins_OthersLoseUntilItExpires()
    {
        var store = CreateStore();
        var other = SecondStoreOverSameState(store);
        var key = "claim-" + Guid.NewGuid().ToString("N");

        Assert.True(await ((IClaimStore)store).TryClaimAsync(key, TimeSpan.FromMilliseconds(300)));
        Assert.False(await ((IClaimStore)store).TryClaimAsync(key, TimeSpan.FromMinutes(1)));
        Assert.False(await ((IClaimStore)other).TryClaimAsync(key, TimeSpan.FromMinutes(1)));
        Assert.True(await ((IClaimStore)other).TryClaimAsync(key + "-another", TimeSpan.FromMinutes(1)));

        await Task.Delay(600); // twice the time to live
        Assert.True(await ((IClaimStore)other).TryClaimAsync(key, TimeSpan.FromMinutes(1)));
    }
}
