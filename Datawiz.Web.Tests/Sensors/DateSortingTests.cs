using Datawiz.Domain.Common;
using Datawiz.Infrastructure.Networks;
using Datawiz.Infrastructure.Sensors;
using Datawiz.Web.Tests.Harness;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Datawiz.Web.Tests.Sensors;

public sealed class DateSortingTestsOnSqlite(SqliteApp app) : DateSortingTests(app), IClassFixture<SqliteApp>;

public sealed class DateSortingTestsOnPostgres(PostgresApp app) : DateSortingTests(app), IClassFixture<PostgresApp>;

/// <summary>Lists sort by their dates in the database, on both providers (times are stored as numbers on SQLite).</summary>
public abstract class DateSortingTests(DatawizApp app)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Sensors_sort_by_when_they_were_last_seen_with_the_never_seen_as_the_oldest()
    {
        var owner = await app.NewActorAsync();
        var now = app.Clock.GetUtcNow();
        var recent = await SensorAsync(owner, "a recent", now.AddMinutes(-5));
        var never = await SensorAsync(owner, "b never", null);
        var old = await SensorAsync(owner, "c old", now.AddDays(-3));
        var sensors = app.Services.GetRequiredService<SensorService>();

        async Task<IEnumerable<Guid>> SortedAsync(bool descending) =>
            (await sensors.ListAsync(owner, new SensorQuery(new PageRequest(SortBy: nameof(SensorListItem.LastSeenAt), Descending: descending)), Token))
            .Items.Select(s => s.Id);

        Assert.Equal([recent, old, never], await SortedAsync(descending: true));
        Assert.Equal([never, old, recent], await SortedAsync(descending: false));
    }

    [Fact]
    public async Task Networks_sort_by_when_they_were_added()
    {
        var owner = await app.NewActorAsync();
        var first = await app.CreateNetworkAsync(owner.UserId, "z first");
        app.Clock.Advance(TimeSpan.FromSeconds(1));
        var second = await app.CreateNetworkAsync(owner.UserId, "a second");
        var networks = app.Services.GetRequiredService<NetworkService>();

        var oldestFirst = await networks.ListAsync(owner, new PageRequest(SortBy: nameof(NetworkSummary.CreatedAt)), Token);
        var newestFirst = await networks.ListAsync(owner, new PageRequest(SortBy: nameof(NetworkSummary.CreatedAt), Descending: true), Token);

        Assert.Equal([first.Id, second.Id], oldestFirst.Items.Select(n => n.Id));
        Assert.Equal([second.Id, first.Id], newestFirst.Items.Select(n => n.Id));
    }

    private async Task<Guid> SensorAsync(Actor owner, string name, DateTimeOffset? lastSeen)
    {
        var id = await app.InsertSensorAsync(owner.UserId);
        await using var db = await app.DbAsync();
        var sensor = await db.Sensors.SingleAsync(s => s.Id == id, Token);
        sensor.Name = name;
        sensor.LastSeenAt = lastSeen;
        await db.SaveChangesAsync(Token);
        return id;
    }
}
