using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Hosting;

namespace Bandit.TestSupport;

/// <summary>
/// One run of a service's own Program.cs through <see cref="WebApplicationFactory{TEntryPoint}"/> on real Kestrel at
/// 127.0.0.1:<c>port</c> (0: one the OS picks), in Production, with this assembly's folder as content root;
/// <see cref="Configure"/> adds what the environment would set.
/// </summary>
internal abstract class KestrelFactory<TEntryPoint> : WebApplicationFactory<TEntryPoint>
    where TEntryPoint : class
{
    protected KestrelFactory(int port) => UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));

    protected sealed override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(Environments.Production);
        builder.UseContentRoot(AppContext.BaseDirectory);
        Configure(builder);
    }

    /// <summary>The service's settings, logging and anything else, as its environment would give them.</summary>
    protected abstract void Configure(IWebHostBuilder builder);
}
