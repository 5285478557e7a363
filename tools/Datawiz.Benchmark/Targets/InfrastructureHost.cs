using Datawiz.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Datawiz.Benchmark.Targets;

/// <summary>
/// The portal's services (not started: no broker, no background jobs) on a benchmark database, for writing its
/// tables and calling its services in this process.
/// </summary>
public static class InfrastructureHost
{
    public static IHost Build(string connectionString)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [], DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Postgres",
            ["ConnectionStrings:Datawiz"] = connectionString,
        });
        builder.Logging.ClearProviders();
        builder.Services.AddDatawizInfrastructure(builder.Configuration, builder.Environment);
        return builder.Build();
    }
}
