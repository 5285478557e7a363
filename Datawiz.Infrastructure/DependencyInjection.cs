using Datawiz.Infrastructure.Accounts;
using Datawiz.Infrastructure.Applications;
using Datawiz.Infrastructure.Audit;
using Datawiz.Infrastructure.Broker;
using Datawiz.Infrastructure.Common;
using Datawiz.Infrastructure.Dashboard;
using Datawiz.Infrastructure.Groups;
using Datawiz.Infrastructure.Live;
using Datawiz.Infrastructure.Networks;
using Datawiz.Infrastructure.Notifications;
using Datawiz.Infrastructure.Sensors;
using Datawiz.Infrastructure.Telemetry;
using Datawiz.Infrastructure.UserClasses;
using Datawiz.Infrastructure.Persistence;
using Datawiz.Infrastructure.Persistence.Seeding;
using Datawiz.Infrastructure.SensorTypes;
using Datawiz.Infrastructure.Reviews;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Datawiz.Infrastructure;

public static class HealthTags
{
    /// <summary>Checks that decide whether this instance should receive traffic (<c>/readyz</c>).</summary>
    public const string Ready = "ready";
}

public static class DependencyInjection
{
    /// <summary>Persistence, accounts and the services built on them.</summary>
    /// <exception cref="DatawizConfigurationException">The database configuration cannot work.</exception>
    public static IServiceCollection AddDatawizInfrastructure(
        this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddLiveFeeds();
        services.AddPersistence(configuration, environment);
        services.AddAccounts(configuration);
        services.AddSensorTypes();
        services.AddApplications();
        services.AddSensors();
        services.AddDashboard();
        services.AddTelemetry(configuration);
        services.AddUserClasses();
        services.AddReviews().AddNotifications().AddAudit();
        services.AddNetworks().AddGroups();
        services.AddBroker(configuration);
        return services;
    }

    private static void AddPersistence(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        services.AddValidatedSettings<DatabaseOptions>(configuration, DatabaseOptions.Section);
        var settings = DatabaseSettings.From(
            DatabaseOptions.Read(configuration),
            configuration.GetConnectionString(DatabaseOptions.ConnectionStringName),
            environment.ContentRootPath);
        services.AddSingleton(settings);

        switch (settings.Provider)
        {
            case DatabaseProvider.Postgres:
                services.AddProviderContext<PostgresDatawizDbContext>(settings);
                break;
            default:
                services.AddProviderContext<SqliteDatawizDbContext>(settings);
                break;
        }

        services.AddSingleton<DatabaseReadiness>();
        services.AddHostedService<DatabaseInitializer>();
        services.AddHealthChecks().AddCheck<DatabaseReadyHealthCheck>("database", tags: [HealthTags.Ready]);

        services.AddSingleton<SecretProtector>();
        services.AddSingleton<SecretValues>();
        services.AddScoped<IDatabaseSeeder, UserClassSeeder>();

        // Keys in the database: sign-ins and secrets encrypted at rest survive restarts and work on every replica.
        // With a certificate configured they are stored encrypted, so a copy of the database alone does not give them away.
        var dataProtection = services.AddDataProtection()
            .SetApplicationName("Datawiz")
            .PersistKeysToDbContext<DatawizDbContext>();
        if (KeyRingOptions.LoadCertificate(configuration, environment.ContentRootPath) is { } certificate)
        {
            dataProtection.ProtectKeysWithCertificate(certificate);
        }
    }

    /// <summary>
    /// Code asks for <see cref="DatawizDbContext"/> (scoped, for Identity) or its factory (for Blazor
    /// components and singletons, one short-lived context per operation); both give the provider's subclass.
    /// </summary>
    private static void AddProviderContext<TContext>(this IServiceCollection services, DatabaseSettings settings)
        where TContext : DatawizDbContext
    {
        services.AddDbContextFactory<TContext>(o => DatabaseProviderSetup.Configure(o, settings));
        services.AddSingleton<IDbContextFactory<DatawizDbContext>, DatawizDbContextFactory<TContext>>();
        services.AddScoped<DatawizDbContext>(provider => provider.GetRequiredService<TContext>());
    }

    private static void AddAccounts(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedSettings<AccountOptions>(configuration, AccountOptions.Section);
        services.AddIdentityCore<ApplicationUser>(options =>
            {
                options.User.RequireUniqueEmail = true;
                options.Password.RequiredLength = 8;
                options.Password.RequireDigit = true;
                options.Password.RequireLowercase = true;
                options.Password.RequireUppercase = false;
                options.Password.RequireNonAlphanumeric = false;
                options.Password.RequiredUniqueChars = 4;
                options.Lockout.AllowedForNewUsers = true;
                options.SignIn.RequireConfirmedAccount = false;
            })
            .AddUserValidator<AccountTextValidator>()
            .AddPasswordValidator<CommonPasswordValidator>()
            .AddErrorDescriber<PlainIdentityErrors>()
            .AddRoles<IdentityRole<Guid>>()
            .AddEntityFrameworkStores<DatawizDbContext>()
            .AddUserManager<DatawizUserManager>()
            .AddSignInManager<DatawizSignInManager>()
            .AddClaimsPrincipalFactory<DatawizClaimsPrincipalFactory>()
            .AddDefaultTokenProviders();
        services.AddOptions<IdentityOptions>().Configure<IOptions<AccountOptions>>((identity, options) =>
        {
            identity.Lockout.MaxFailedAccessAttempts = options.Value.MaxFailedSignIns;
            identity.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(options.Value.LockoutMinutes);
        });
        services.AddOptions<SecurityStampValidatorOptions>()
            .Configure<IOptions<AccountOptions>>((stamp, options) => stamp.ValidationInterval = options.Value.RevalidationInterval);

        services.AddSingleton<RegistrationGate>();
        services.AddScoped<AccountRegistration>();
        services.AddScoped<PasswordSignIn>();
        services.AddSingleton<UnknownAddressLockouts>();
        services.AddScoped<AccountSelfService>();
        services.AddSingleton<UserAdministration>();
        services.AddSingleton<UserMqttAuthenticator>();
        services.AddSingleton<UserMqttPasswords>();
        services.AddSingleton<AccessTokenAuthenticator>();
        services.AddSingleton<AccessTokens>();
        services.AddSingleton<AccountSessions>();
        services.AddScoped<IDatabaseSeeder, RoleSeeder>();
        services.AddScoped<IDatabaseSeeder, ConfiguredAdminSeeder>();
    }
}
