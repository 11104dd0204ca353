using Bandit.Router.Store;

namespace Bandit.Router.Tests.State;

public sealed class InMemoryBanditStoreTests : BanditStoreContract
{
    protected override IBanditStore CreateStore(BanditStoreSettings? settings = null) => new InMemoryBanditStore(settings ?? Settings);

    protected override IBanditStore SecondStoreOverSameState(IBanditStore first) => first;
}
