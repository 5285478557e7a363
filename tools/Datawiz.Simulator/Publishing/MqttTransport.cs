using Datawiz.Simulator.Credentials;
using MQTTnet;
using MQTTnet.Exceptions;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace Datawiz.Simulator.Publishing;

public sealed record MqttEndpoint(string Host, int Port, MqttQualityOfServiceLevel Qos, MqttProtocolVersion Protocol);

/// <summary>
/// One MQTTnet client per sensor, connecting with the sensor's own credentials. A lost connection is not
/// fatal: readings taken while offline are dropped and counted, and reconnects back off (see <see cref="Backoff"/>).
/// </summary>
public sealed class MqttTransport(SimulatedSensor sensor, MqttEndpoint endpoint, Backoff backoff) : ITelemetryTransport
{
    private readonly IMqttClient client = new MqttClientFactory().CreateMqttClient();
    private readonly MqttClientOptions options = new MqttClientOptionsBuilder()
        .WithTcpServer(endpoint.Host, endpoint.Port)
        .WithCredentials(sensor.Username, sensor.Password)
        .WithClientId(sensor.Username)
        .WithProtocolVersion(endpoint.Protocol)
        .WithCleanSession()
        .WithTimeout(TimeSpan.FromSeconds(10))
        .Build();

    public async Task<SendResult> SendAsync(byte[] payload, CancellationToken cancellationToken)
    {
        if (!client.IsConnected)
        {
            if (!backoff.MayTryNow)
            {
                return new SendResult(SendStatus.Offline, "waiting to reconnect");
            }
            if (await ConnectAsync(cancellationToken) is { } refusal)
            {
                backoff.Failed();
                return refusal;
            }
            backoff.Succeeded();
        }
        var message = new MqttApplicationMessageBuilder()
            .WithTopic(sensor.Topic)
            .WithPayload(payload)
            .WithQualityOfServiceLevel(endpoint.Qos)
            .Build();
        try
        {
            var result = await client.PublishAsync(message, cancellationToken);
            return result.IsSuccess
                ? SendResult.Accepted
                : result.ReasonCode == MqttClientPublishReasonCode.QuotaExceeded
                    ? new SendResult(SendStatus.RateLimited, result.ReasonString)
                    : new SendResult(SendStatus.Failed, $"{result.ReasonCode} {result.ReasonString}".Trim());
        }
        catch (Exception ex) when (ex is MqttCommunicationException or OperationCanceledException)
        {
            // MQTTnet reports a cancelled wait for PUBACK as a timeout: stopping is not a problem of the sensor.
            cancellationToken.ThrowIfCancellationRequested();
            // A timeout or a dropped connection: the next reading reconnects.
            return new SendResult(SendStatus.Offline, ex.Message);
        }
    }

    private async Task<SendResult?> ConnectAsync(CancellationToken cancellationToken)
    {
        try
        {
            var result = await client.ConnectAsync(options, cancellationToken);
            return result.ResultCode == MqttClientConnectResultCode.Success
                ? null
                : new SendResult(SendStatus.Offline, $"connect refused: {result.ResultCode} {result.ReasonString}".Trim());
        }
        catch (Exception ex) when (ex is MqttCommunicationException or OperationCanceledException)
        {
            cancellationToken.ThrowIfCancellationRequested();
            // A refused CONNACK (bad credentials) arrives here too, its result code in the message.
            return new SendResult(SendStatus.Offline, $"cannot connect to {endpoint.Host}:{endpoint.Port}: {ex.Message}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (client.IsConnected)
        {
            try
            {
                await client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().Build());
            }
            catch (MqttCommunicationException)
            {
                // Gone already; nothing to close.
            }
        }
        client.Dispose();
    }
}
