using System.CommandLine;
using Datawiz.Infrastructure;
using Datawiz.Infrastructure.Sensors;
using Datawiz.Simulator.Creating;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Datawiz.Simulator.Commands;

/// <summary>
/// <c>create</c>: builds the portal's infrastructure services on the portal's own settings (its appsettings.json
/// and the same environment variables), without starting anything, and creates sensors through them.
/// </summary>
public static class CreateCommand
{
    public static Command Build()
    {
        var email = new Option<string>("--email") { Description = "The email of an existing, approved account that gets the sensors.", Required = true };
        var count = new Option<int>("--count") { Description = "How many sensors to create.", DefaultValueFactory = _ => 20 };
        var type = new Option<string?>("--type") { Description = "The approved sensor type (default: the DHT11 type, or the only approved type)." };
        var prefix = new Option<string>("--name-prefix") { Description = "Sensor names are this prefix and a number.", DefaultValueFactory = _ => "Simulated " };
        var output = new Option<FileInfo>("--out") { Description = "Where to write the credentials CSV.", DefaultValueFactory = _ => new FileInfo("sensor-credentials.csv") };
        var contentRoot = new Option<DirectoryInfo>("--content-root")
        {
            Description = "The portal's folder with its appsettings.json (default: ./Datawiz.Web when it exists, else the current folder). " +
                "Database__Provider and ConnectionStrings__Datawiz in the environment override it, as for the portal.",
            DefaultValueFactory = _ => new DirectoryInfo(Directory.Exists("Datawiz.Web") ? "Datawiz.Web" : "."),
        };
        var command = new Command("create", "Create sensors for an account through the portal's services and write their credentials CSV.")
        {
            email, count, type, prefix, output, contentRoot,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (parse.GetValue(count) is < 1 or > 10_000)
            {
                await Console.Error.WriteLineAsync("--count must be between 1 and 10000.");
                return 2;
            }
            var root = parse.GetValue(contentRoot)!;
            if (!root.Exists)
            {
                await Console.Error.WriteLineAsync($"The folder {root.FullName} does not exist; pass the portal's folder with --content-root.");
                return 2;
            }
            var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
            {
                Args = [],
                ContentRootPath = root.FullName,
                EnvironmentName = Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT") ?? Environments.Production,
            });
            builder.Logging.ClearProviders().AddSimpleConsole().SetMinimumLevel(LogLevel.Warning);
            builder.Logging.AddFilter("Microsoft.EntityFrameworkCore", LogLevel.Error);
            try
            {
                builder.Services.AddDatawizInfrastructure(builder.Configuration, builder.Environment);
            }
            catch (DatawizConfigurationException ex)
            {
                await Console.Error.WriteLineAsync(ex.Message);
                return 2;
            }
            using var host = builder.Build();
            var request = new CreationRequest(parse.GetValue(email)!, parse.GetValue(count), parse.GetValue(type), parse.GetValue(prefix)!);
            var result = await new SensorCreation(host.Services).CreateAsync(request, cancellationToken);
            var file = parse.GetValue(output)!;
            if (result.Created.Count > 0)
            {
                await File.WriteAllTextAsync(file.FullName, CredentialsCsv.Format(result.Created), cancellationToken);
                Console.WriteLine($"Created {result.Created.Count} sensors for {request.Email}; their credentials are in {file.FullName}.");
            }
            if (result.Error is not null)
            {
                await Console.Error.WriteLineAsync(result.Error);
                return 1;
            }
            return 0;
        });
        return command;
    }
}
