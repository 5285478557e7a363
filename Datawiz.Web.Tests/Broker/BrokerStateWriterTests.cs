using Datawiz.Domain.Broker;
using Datawiz.Infrastructure.Broker.Durability;
using Datawiz.Infrastructure.Persistence;
using Datawiz.Web.Tests.Harness;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MQTTnet;

namespace Datawiz.Web.Tests.Broker;

/// <summary>The writer behind retained messages and sessions, given changes faster than it commits them.</summary>
public sealed class BrokerStateWriterTests
{
    private const string Dropped = "datawiz_broker_state_changes_dropped_total";

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task A_topic_retained_again_before_the_first_is_committed_keeps_the_newest(DatabaseProvider provider)
    {
        await using var app = DatawizApp.Create(provider);
        await app.InitializeAsync();
        var store = app.Services.GetRequiredService<RetainedMessageStore>();

        // Not awaited one by one: the three go into one transaction, where one row replaces another under the same key.
        var saves = Enumerable.Range(1, 3)
            .Select(n => store.SaveAsync(new MqttApplicationMessageBuilder().WithTopic("users/x/lamp").WithPayload($"v{n}").WithRetainFlag().Build()))
            .ToList();

        Assert.All(await Task.WhenAll(saves), Assert.True);
        var kept = await app.QueryAsync(db => db.RetainedMqttMessages.AsNoTracking().SingleAsync(m => m.Topic == "users/x/lamp", Token));
        Assert.Equal("v3"u8.ToArray(), kept.Payload);
    }

    /// <remarks>
    /// Each attempt that is late moves the waiting changes out of the channel, to tell them so; the bound must hold
    /// for those too, or every late attempt of a long outage would let in as many again.
    /// </remarks>
    [Fact]
    public async Task During_an_outage_the_writer_holds_no_more_than_its_capacity_however_often_its_attempts_are_late()
    {
        await using var outage = await DatabaseOutage.StartAsync();
        var writer = outage.App.Services.GetRequiredService<BrokerStateWriter>();
        await outage.CutAsync();
        try
        {
            Assert.False(await writer.Write(BrokerStateChange.Replace(null)).WaitAsync(TimeSpan.FromSeconds(30), Token));
            for (var i = 0; i < BrokerStateWriter.Capacity; i++)
            {
                writer.Queue(BrokerStateChange.Replace(null));
            }
            // The next late attempt empties the channel.
            await Poll.UntilAsync(() => Task.FromResult(writer.InChannel == 0), TimeSpan.FromSeconds(120), "the next late attempt");
            for (var i = 0; i < BrokerStateWriter.Capacity; i++)
            {
                writer.Queue(BrokerStateChange.Replace(null));
            }

            Assert.InRange(writer.Waiting, 0, BrokerStateWriter.Capacity);
        }
        finally
        {
            // Back, so that what is held is written quickly when the app stops.
            outage.Restore();
        }
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task A_change_the_database_refuses_is_dropped_and_counted_and_the_changes_around_it_are_written(DatabaseProvider provider)
    {
        await using var app = DatawizApp.Create(provider);
        await app.InitializeAsync();
        var writer = app.Services.GetRequiredService<BrokerStateWriter>();
        var store = app.Services.GetRequiredService<RetainedMessageStore>();
        var droppedBefore = PrometheusText.ValueOrZero(await app.ScrapeAsync(), Dropped);

        var before = store.SaveAsync(Retained("users/x/before"));
        // EF Core leaves NOT NULL to the database, so this row gets as far as the database, which says no.
        var refused = writer.Write(BrokerStateChange.Replace(() => new BrokerSession { ClientId = "refused", Owner = null! }));
        var after = store.SaveAsync(Retained("users/x/after"));

        Assert.False(await refused);
        Assert.True(await before);
        Assert.True(await after);
        Assert.True(await app.QueryAsync(db => db.RetainedMqttMessages.AnyAsync(m => m.Topic == "users/x/before", Token)));
        Assert.True(await app.QueryAsync(db => db.RetainedMqttMessages.AnyAsync(m => m.Topic == "users/x/after", Token)));
        await Poll.UntilAsync(async () => PrometheusText.ValueOrZero(await app.ScrapeAsync(), Dropped) == droppedBefore + 1,
            TimeSpan.FromSeconds(10), "the refused change to be counted");
    }

    private static MqttApplicationMessage Retained(string topic) =>
        new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload("on").WithRetainFlag().Build();
}
