using System.IO.Pipelines;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MQTTnet.Adapter;
using MQTTnet.AspNetCore;
using MQTTnet.Diagnostics.Logger;
using MQTTnet.Formatter;
using MQTTnet.Server;

namespace Datawiz.Infrastructure.Broker;

/// <summary>
/// Every MQTT connection, over TCP (<see cref="MqttTcpListener"/>) and WebSocket (<see cref="MqttOptions.WebSocketPath"/>)
/// alike, handed to MQTTnet's server through <see cref="PacketSizeLimit"/> and <see cref="GuardedMqttChannel"/>. It is the
/// server's adapter in place of MQTTnet.AspNetCore's <c>MqttConnectionHandler</c>, which has no place to put either.
/// </summary>
public sealed class GuardedMqttConnectionHandler(IOptions<MqttOptions> options, BrokerMetrics metrics, ILogger<GuardedMqttConnectionHandler> logger)
    : ConnectionHandler, IMqttServerAdapter
{
    private MqttServerOptions? server;

    /// <summary>Set by MQTTnet's server when it starts.</summary>
    public Func<IMqttChannelAdapter, Task>? ClientHandler { get; set; }

    public override async Task OnConnectedAsync(ConnectionContext connection)
    {
        var clientHandler = ClientHandler;
        var serverOptions = server;
        if (clientHandler is null || serverOptions is null)
        {
            // The server has not started (or has stopped): returning closes the connection.
            return;
        }
        // Over WebSocket the MQTT bytes travel in binary frames.
        if (connection.Features.Get<ITransferFormatFeature>() is { } format)
        {
            format.ActiveFormat = TransferFormat.Binary;
        }
        var transport = connection.Transport;
        var limit = new PacketSizeLimit(transport.Input, options.Value.MaximumPacketSize);
        connection.Transport = new DuplexPipe(limit, new OrderlyOutput(transport.Output, limit));
        try
        {
            var formatter = new MqttPacketFormatterAdapter(new MqttBufferWriter(serverOptions.WriterBufferSize, serverOptions.WriterBufferSizeMax));
            using var channel = new GuardedMqttChannel(new MqttConnectionContext(formatter, connection), options.Value.MaximumPacketSize,
                serverOptions.DefaultCommunicationTimeout, metrics, logger);
            limit.Refusing = channel.RefuseAsync;
            await clientHandler(channel);
        }
        finally
        {
            connection.Transport = transport;
        }
    }

    Task IMqttServerAdapter.StartAsync(MqttServerOptions options, IMqttNetLogger logger)
    {
        server = options;
        return Task.CompletedTask;
    }

    Task IMqttServerAdapter.StopAsync() => Task.CompletedTask;

    void IDisposable.Dispose()
    {
    }

    private sealed record DuplexPipe(PipeReader Input, PipeWriter Output) : IDuplexPipe;

    /// <summary>
    /// The transport's output, closed in order after a refused packet. MQTTnet completes the output with the exception
    /// that ended its read, and a pipe completed with an exception drops what its reader has not taken yet: here the
    /// DISCONNECT just written. Every other call goes straight through.
    /// </summary>
    private sealed class OrderlyOutput(PipeWriter output, PacketSizeLimit limit) : PipeWriter
    {
        public override bool CanGetUnflushedBytes => output.CanGetUnflushedBytes;

        public override long UnflushedBytes => output.UnflushedBytes;

        public override void Advance(int bytes) => output.Advance(bytes);

        public override Memory<byte> GetMemory(int sizeHint = 0) => output.GetMemory(sizeHint);

        public override Span<byte> GetSpan(int sizeHint = 0) => output.GetSpan(sizeHint);

        public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default) => output.FlushAsync(cancellationToken);

        public override ValueTask<FlushResult> WriteAsync(ReadOnlyMemory<byte> source, CancellationToken cancellationToken = default) =>
            output.WriteAsync(source, cancellationToken);

        public override void CancelPendingFlush() => output.CancelPendingFlush();

        public override void Complete(Exception? exception = null) => output.Complete(limit.HasRefused ? null : exception);

        public override ValueTask CompleteAsync(Exception? exception = null) => output.CompleteAsync(limit.HasRefused ? null : exception);
    }
}
