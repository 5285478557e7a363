using Datawiz.Domain.Broker;
using Datawiz.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using MQTTnet;

namespace Datawiz.Infrastructure.Broker.Durability;

/// <summary>
/// Retained messages in the database, so that they survive a restart: MQTTnet 5.2 keeps them in memory only and
/// offers no way to hold a publisher's acknowledgement until they are saved.
/// </summary>
public sealed class RetainedMessageStore(BrokerStateWriter writer, IDbContextFactory<DatawizDbContext> contexts, TimeProvider clock)
{
    /// <summary>
    /// Keeps <paramref name="message"/> as its topic's retained message, or clears the topic for an empty payload
    /// (3.1.1 §3.3.1.3, 5.0 §3.3.1.3); true once committed.
    /// </summary>
    public Task<bool> SaveAsync(MqttApplicationMessage message)
    {
        var topic = message.Topic;
        Func<object>? row = null;
        if (!message.Payload.IsEmpty)
        {
            var now = clock.GetUtcNow();
            var stored = StoredMessages.Store(new RetainedMqttMessage
            {
                StoredAt = now,
                ExpiresAt = message.MessageExpiryInterval == 0 ? null : now.AddSeconds(message.MessageExpiryInterval),
            }, message);
            row = stored.Copy<RetainedMqttMessage>;
        }
        return writer.Write(BrokerStateChange.Replace(row, db => db.RetainedMqttMessages.Where(m => m.Topic == topic).ExecuteDeleteAsync()));
    }

    /// <summary>Every retained message that has not expired; the expired ones are deleted.</summary>
    public async Task<List<MqttApplicationMessage>> LoadAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var now = clock.GetUtcNow();
        await db.RetainedMqttMessages.Where(m => m.ExpiresAt != null && m.ExpiresAt <= now).ExecuteDeleteAsync(cancellationToken);
        var rows = await db.RetainedMqttMessages.AsNoTracking().ToListAsync(cancellationToken);
        return [.. rows.Select(row =>
        {
            var message = StoredMessages.Restore(row);
            message.Retain = true;
            return message;
        })];
    }
}
