using Datawiz.Domain.Accounts;
using Datawiz.Domain.Applications;
using Datawiz.Domain.Audit;
using Datawiz.Domain.Broker;
using Datawiz.Domain.Dashboard;
using Datawiz.Domain.Groups;
using Datawiz.Domain.Networks;
using Datawiz.Domain.Notifications;
using Datawiz.Domain.Sensors;
using Datawiz.Domain.Telemetry;
using Datawiz.Domain.UserClasses;
using Datawiz.Infrastructure.Accounts;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Datawiz.Infrastructure.Persistence;

/// <summary>
/// The model shared by every provider. Each provider has its own subclass so that each keeps its own
/// migrations and snapshot (the way bitwarden/server keeps providers apart).
/// </summary>
public abstract class DatawizDbContext(DbContextOptions options)
    : IdentityDbContext<ApplicationUser, IdentityRole<Guid>, Guid>(options), IDataProtectionKeyContext
{
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public DbSet<AccessToken> AccessTokens => Set<AccessToken>();

    public DbSet<UserClass> UserClasses => Set<UserClass>();

    public DbSet<Group> Groups => Set<Group>();

    public DbSet<GroupMember> GroupMembers => Set<GroupMember>();

    public DbSet<GroupInvitation> GroupInvitations => Set<GroupInvitation>();

    public DbSet<Network> Networks => Set<Network>();

    public DbSet<SensorType> SensorTypes => Set<SensorType>();

    public DbSet<Sensor> Sensors => Set<Sensor>();

    public DbSet<SensorShare> SensorShares => Set<SensorShare>();

    public DbSet<DashboardPin> DashboardPins => Set<DashboardPin>();

    public DbSet<ApplicationTemplate> ApplicationTemplates => Set<ApplicationTemplate>();

    public DbSet<TemplateComment> TemplateComments => Set<TemplateComment>();

    public DbSet<UserApplication> UserApplications => Set<UserApplication>();

    public DbSet<Notification> Notifications => Set<Notification>();

    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();

    public DbSet<Reading> Readings => Set<Reading>();

    public DbSet<ReadingRollup> ReadingRollups => Set<ReadingRollup>();

    public DbSet<LatestReading> LatestReadings => Set<LatestReading>();

    public DbSet<SensorTelemetryCounters> SensorTelemetryCounters => Set<SensorTelemetryCounters>();

    public DbSet<RetainedMqttMessage> RetainedMqttMessages => Set<RetainedMqttMessage>();

    public DbSet<QueuedMqttMessage> QueuedMqttMessages => Set<QueuedMqttMessage>();

    public DbSet<BrokerSession> BrokerSessions => Set<BrokerSession>();

    public DbSet<BrokerSubscription> BrokerSubscriptions => Set<BrokerSubscription>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(DatawizDbContext).Assembly);
    }
}

public sealed class SqliteDatawizDbContext(DbContextOptions<SqliteDatawizDbContext> options) : DatawizDbContext(options)
{
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        base.ConfigureConventions(configurationBuilder);
        // SQLite has no time type: as text, EF Core can neither order nor compare DateTimeOffset values in
        // SQL. Stored as a number (UTC ticks with the offset folded in; the portal writes only UTC), every
        // query that sorts or filters by time runs in the database, as it does on PostgreSQL.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToBinaryConverter>();
    }
}

public sealed class PostgresDatawizDbContext(DbContextOptions<PostgresDatawizDbContext> options) : DatawizDbContext(options);
