using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;

namespace Datawiz.Infrastructure.Persistence;

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

/// <summary>The <c>Database</c> configuration section.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";
    public const string ConnectionStringName = "Datawiz";

    /// <summary><c>Sqlite</c> (the embedded default) or <c>Postgres</c>.</summary>
    public string Provider { get; set; } = nameof(DatabaseProvider.Sqlite);

    /// <summary>The SQLite file, relative to the content root unless absolute; its folder is created on first run.</summary>
    public string SqlitePath { get; set; } = "data/datawiz.db";

    /// <summary>How long start-up keeps retrying while the database is not reachable yet.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan StartupRetryLimit { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The section read while services are registered (the provider decides which services there are),
    /// so a value that cannot be read stops start-up with one line, as validation on start does.
    /// </summary>
    /// <exception cref="DatawizConfigurationException">A value cannot be converted.</exception>
    public static DatabaseOptions Read(IConfiguration configuration)
    {
        try
        {
            return configuration.GetSection(Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        }
        catch (InvalidOperationException ex)
        {
            throw new DatawizConfigurationException(ex.Message);
        }
    }
}

/// <summary>The provider and connection string, checked once so that start-up fails with one clear message.</summary>
public sealed record DatabaseSettings(DatabaseProvider Provider, string ConnectionString)
{
    public static DatabaseSettings From(DatabaseOptions options, string? configuredConnectionString, string contentRoot)
    {
        if (!Enum.TryParse<DatabaseProvider>(options.Provider, ignoreCase: true, out var provider)
            || !Enum.IsDefined(provider))
        {
            throw new DatawizConfigurationException(
                $"Database:Provider is '{options.Provider}', which Datawiz does not know. Use 'Sqlite' or 'Postgres'.");
        }

        if (provider == DatabaseProvider.Postgres)
        {
            if (string.IsNullOrWhiteSpace(configuredConnectionString))
            {
                throw new DatawizConfigurationException(
                    $"Database:Provider is 'Postgres' but ConnectionStrings:{DatabaseOptions.ConnectionStringName} is empty. " +
                    $"Set it (environment variable ConnectionStrings__{DatabaseOptions.ConnectionStringName}).");
            }
            return new DatabaseSettings(provider, configuredConnectionString);
        }

        if (!string.IsNullOrWhiteSpace(configuredConnectionString))
        {
            return new DatabaseSettings(provider, configuredConnectionString);
        }
        if (string.IsNullOrWhiteSpace(options.SqlitePath))
        {
            throw new DatawizConfigurationException(
                "Database:SqlitePath is empty. Set the SQLite file (e.g. data/datawiz.db) or ConnectionStrings:Datawiz.");
        }
        var path = Path.GetFullPath(options.SqlitePath, contentRoot);
        return new DatabaseSettings(provider, $"Data Source={path}");
    }
}
