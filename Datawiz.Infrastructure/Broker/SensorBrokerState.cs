using System.Text;
using System.Text.Unicode;
using Datawiz.Domain.Common;
using Datawiz.Infrastructure.Persistence;
using Datawiz.Infrastructure.Sensors;
using Microsoft.EntityFrameworkCore;

namespace Datawiz.Infrastructure.Broker;

/// <summary>A retained message under a sensor's topic, as its page shows it: the payload as text, shortened.</summary>
public sealed record RetainedMessageSummary(string Topic, string Payload, bool IsShortened, int PayloadBytes, DateTimeOffset StoredAt);

/// <summary>What the broker holds of a sensor: its open connections and the retained messages under its topic, newest first.</summary>
public sealed record SensorBrokerView(IReadOnlyList<SensorConnection> Connections, IReadOnlyList<RetainedMessageSummary> Retained)
{
    public bool IsConnected => Connections.Count > 0;
}

/// <summary>The broker's state of one sensor, for whoever may see the sensor (owner, its groups' members, administrators).</summary>
public sealed class SensorBrokerState(IDbContextFactory<DatawizDbContext> contexts, SensorConnections connections)
{
    /// <summary>Characters of a payload a page shows; the rest is cut (a retained message may be 256 KiB).</summary>
    public const int PayloadPreviewLength = 200;

    /// <summary>Retained messages listed at most: a sensor may retain one per subtopic, the page shows the newest.</summary>
    public const int MaxRetained = 5;

    public async Task<Outcome<SensorBrokerView>> GetAsync(Actor actor, Guid sensorId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var topic = await SensorAccess.VisibleTo(db, actor).AsNoTracking().Where(s => s.Id == sensorId)
            .Select(s => s.TopicPrefix).FirstOrDefaultAsync(cancellationToken);
        if (topic is null)
        {
            return Outcome<SensorBrokerView>.NotFound("The sensor");
        }
        // The stored copy rather than MQTTnet's memory: it has the time, and a retained message is acknowledged only
        // once it is stored, so what a publisher saw accepted is here. An expired one may linger until the next sweep.
        var below = topic + "/";
        var rows = await db.RetainedMqttMessages.AsNoTracking()
            .Where(m => m.Topic == topic || m.Topic.StartsWith(below))
            .OrderByDescending(m => m.StoredAt).Take(MaxRetained)
            .Select(m => new { m.Topic, m.Payload, m.StoredAt })
            .ToListAsync(cancellationToken);
        var retained = rows.Select(row => Summarise(row.Topic, row.Payload, row.StoredAt)).ToList();
        return Outcome<SensorBrokerView>.Success(new SensorBrokerView(connections.Of(sensorId), retained));
    }

    internal static RetainedMessageSummary Summarise(string topic, byte[] payload, DateTimeOffset storedAt)
    {
        if (!Utf8.IsValid(payload))
        {
            return new RetainedMessageSummary(topic, $"({payload.Length} bytes, not text)", false, payload.Length, storedAt);
        }
        var text = Encoding.UTF8.GetString(payload);
        return text.Length <= PayloadPreviewLength
            ? new RetainedMessageSummary(topic, text, false, payload.Length, storedAt)
            : new RetainedMessageSummary(topic, text[..PayloadPreviewLength] + "…", true, payload.Length, storedAt);
    }
}
