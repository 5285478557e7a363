using System.Net;
using Datawiz.Infrastructure.Broker;

namespace Datawiz.Web.Tests.Broker;

/// <summary>What a broker helper keeps per connection goes with that connection, not with a newer one of the same client id.</summary>
public sealed class PerConnectionTests
{
    private static readonly IPEndPoint First = new(IPAddress.Loopback, 50001);
    private static readonly IPEndPoint Second = new(IPAddress.Loopback, 50002);

    [Fact]
    public void An_older_connection_that_ends_late_leaves_the_newer_ones_entry()
    {
        var limits = new PerConnection<uint>();
        limits.Set("node-red", First, 512);
        limits.Set("node-red", Second, 1024);

        limits.Ended("node-red", First);

        Assert.True(limits.TryGetValue("node-red", out var kept));
        Assert.Equal(1024u, kept);

        limits.Ended("node-red", Second);

        Assert.False(limits.Contains("node-red"));
    }
}
