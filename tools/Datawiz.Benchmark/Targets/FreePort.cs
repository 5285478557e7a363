using System.Net;
using System.Net.Sockets;

namespace Datawiz.Benchmark.Targets;

public static class FreePort
{
    /// <summary>A port nothing listens on now; the child that gets it binds it a moment later.</summary>
    public static int Pick()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }
}
