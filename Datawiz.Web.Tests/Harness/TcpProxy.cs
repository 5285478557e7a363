using System.Net;
using System.Net.Sockets;

namespace Datawiz.Web.Tests.Harness;

/// <summary>
/// Forwards a loopback port to another once started: lets a test hand the app a database address that
/// is unreachable at first and becomes reachable later, as when PostgreSQL starts after the portal.
/// </summary>
public sealed class TcpProxy(int listenPort, string targetHost, int targetPort) : IAsyncDisposable
{
    private readonly CancellationTokenSource stopping = new();
    private TcpListener? listener;
    private Task? accepting;

    public static int FreePort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    public void Start()
    {
        listener = new TcpListener(IPAddress.Loopback, listenPort);
        listener.Start();
        accepting = AcceptAsync(listener, stopping.Token);
    }

    private async Task AcceptAsync(TcpListener server, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            TcpClient inbound;
            try
            {
                inbound = await server.AcceptTcpClientAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            _ = PipeAsync(inbound, cancellationToken);
        }
    }

    private async Task PipeAsync(TcpClient inbound, CancellationToken cancellationToken)
    {
        using (inbound)
        using (var outbound = new TcpClient())
        {
            try
            {
                await outbound.ConnectAsync(targetHost, targetPort, cancellationToken);
                var a = inbound.GetStream();
                var b = outbound.GetStream();
                await Task.WhenAny(a.CopyToAsync(b, cancellationToken), b.CopyToAsync(a, cancellationToken));
            }
            catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException)
            {
                // A closed connection on either side ends this pipe and nothing else.
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        listener?.Stop();
        if (accepting is not null)
        {
            await accepting;
        }
        stopping.Dispose();
    }
}
