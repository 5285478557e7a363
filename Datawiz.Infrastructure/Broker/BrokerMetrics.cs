using System.Diagnostics.Metrics;

namespace Datawiz.Infrastructure.Broker;

/// <summary>The broker's instruments, in the meter <see cref="MeterName"/> (exported with every other <c>Datawiz.*</c> meter).</summary>
public sealed class BrokerMetrics
{
    public const string MeterName = "Datawiz.Broker";

    private readonly Counter<long> refusedConnects;
    private readonly Counter<long> aclRefusals;
    private readonly Counter<long> protocolErrors;
    private readonly Counter<long> stateChangesDropped;
    private long connected;

    public BrokerMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        meter.CreateObservableUpDownCounter("datawiz.broker.connected_clients", () => Interlocked.Read(ref connected),
            unit: "{client}", description: "MQTT clients connected now.");
        refusedConnects = meter.CreateCounter<long>("datawiz.broker.refused_connects", unit: "{connect}",
            description: "CONNECTs refused, by reason.");
        aclRefusals = meter.CreateCounter<long>("datawiz.broker.acl_refusals", unit: "{packet}",
            description: "Publishes and subscriptions the topic ACL refused, by operation.");
        protocolErrors = meter.CreateCounter<long>("datawiz.broker.protocol_errors", unit: "{packet}",
            description: "Packets that broke a protocol rule the broker library does not check itself.");
        stateChangesDropped = meter.CreateCounter<long>("datawiz.broker.state_changes_dropped", unit: "{change}",
            description: "Changes to retained messages and persistent sessions not kept because the database fell too far behind or refused them.");
    }

    public long ConnectedClients => Interlocked.Read(ref connected);

    public void Connected() => Interlocked.Increment(ref connected);

    public void Disconnected() => Interlocked.Decrement(ref connected);

    public void RefusedConnect(string reason) => refusedConnects.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public void AclRefused(string operation) => aclRefusals.Add(1, new KeyValuePair<string, object?>("operation", operation));

    public void ProtocolError(string kind) => protocolErrors.Add(1, new KeyValuePair<string, object?>("kind", kind));

    public void StateChangeDropped() => stateChangesDropped.Add(1);
}
