using Datawiz.Domain.Broker;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MQTTnet.Protocol;
using MQTTnet.Server;

namespace Datawiz.Infrastructure.Broker;

/// <summary>Every topic filter of a SUBSCRIBE: refused ones get a failure code in SUBACK (3.1.1: 0x80; 5.0: the specific reason).</summary>
public sealed class SubscriptionInterceptor(
    BrokerClients clients, SharedSensorTopics sharedTopics, BrokerMetrics metrics, IOptions<MqttOptions> options, ILogger<SubscriptionInterceptor> logger)
{
    public async Task InterceptAsync(InterceptingSubscriptionEventArgs subscription)
    {
        var filter = subscription.TopicFilter.Topic;
        if (TopicSyntax.FilterProblem(filter, options.Value.MaxTopicBytes) is { } problem)
        {
            metrics.ProtocolError("subscribe_filter");
            Refuse(subscription, MqttSubscribeReasonCode.TopicFilterInvalid, problem);
            return;
        }
        var client = clients.Find(subscription.UserName);
        if (client is null)
        {
            Refuse(subscription, MqttSubscribeReasonCode.NotAuthorized, "The connection's account is no longer valid.");
            return;
        }
        // Shared sensors matter only for a user's filter outside his own prefix; skip the query otherwise.
        var shared = client.Identity.Role == BrokerRole.User && !TopicAcl.IsWithin(filter, client.Identity.OwnPrefix)
            ? await sharedTopics.ForUserAsync(client.Identity.UserId, subscription.CancellationToken)
            : [];
        if (!TopicAcl.MaySubscribe(client.Identity, filter, shared))
        {
            metrics.AclRefused("subscribe");
            Refuse(subscription, MqttSubscribeReasonCode.NotAuthorized, $"Not allowed to subscribe to this filter; subscribe under {client.Identity.OwnPrefix}.");
        }
    }

    private void Refuse(InterceptingSubscriptionEventArgs subscription, MqttSubscribeReasonCode code, string reason)
    {
        subscription.ProcessSubscription = false;
        subscription.Response.ReasonCode = code;
        // MQTTnet puts the event's own ReasonString in SUBACK, not the response's.
        subscription.ReasonString = reason;
        logger.LogInformation("MQTT subscription refused ({Code}): {Username} to {Filter}", code, subscription.UserName, subscription.TopicFilter.Topic);
    }
}
