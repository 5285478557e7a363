using Datawiz.Infrastructure;
using Datawiz.Web;

try
{
    var builder = WebApplication.CreateBuilder(args);
    // Run from the build output (`dotnet run`), the packages' files (MudBlazor, blazor.web.js) are found
    // through the build's manifest, which the framework reads only in Development. A published app has no
    // such manifest and serves them from its own wwwroot, so this does nothing there.
    builder.WebHost.UseStaticWebAssets();
    builder.Services.AddDatawizInfrastructure(builder.Configuration, builder.Environment);
    builder.Services.AddDatawizWeb(builder.Configuration);

    var app = builder.Build();
    app.UseDatawizWeb();
    await app.RunAsync();
    return 0;
}
catch (Exception ex) when (ValidatedSettings.DescribeStartupProblem(ex) is { } problem)
{
    // One line an operator can act on, instead of a stack trace.
    await Console.Error.WriteLineAsync($"Datawiz cannot start: {problem}");
    return 1;
}

/// <summary>The entry point, visible to the test host.</summary>
public partial class Program;
