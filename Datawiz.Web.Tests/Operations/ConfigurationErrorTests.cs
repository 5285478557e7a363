using Datawiz.Web.Tests.Harness;

namespace Datawiz.Web.Tests.Operations;

/// <summary>Runs the real program with bad configuration and reads what an operator would see.</summary>
public sealed class ConfigurationErrorTests
{
    [Fact]
    public async Task An_unknown_provider_stops_start_up_with_one_clear_line()
    {
        var (exitCode, errors) = await PortalProcess.RunToExitAsync(new() { ["Database__Provider"] = "Oracle" });

        Assert.Equal(1, exitCode);
        Assert.Equal(
            "Datawiz cannot start: Database:Provider is 'Oracle', which Datawiz does not know. Use 'Sqlite' or 'Postgres'.",
            Assert.Single(errors));
    }

    [Fact]
    public async Task Postgres_without_a_connection_string_stops_start_up_with_one_clear_line()
    {
        var (exitCode, errors) = await PortalProcess.RunToExitAsync(new() { ["Database__Provider"] = "Postgres", ["ConnectionStrings__Datawiz"] = "" });

        Assert.Equal(1, exitCode);
        Assert.StartsWith("Datawiz cannot start: Database:Provider is 'Postgres' but ConnectionStrings:Datawiz is empty.", Assert.Single(errors));
    }

    [Theory]
    [InlineData("Accounts__LockoutMinutes", "-5", "The field Accounts:LockoutMinutes must be between 1 and 10080.")]
    [InlineData("RateLimiting__AccountPostsPerMinute", "0", "RateLimiting:AccountPostsPerMinute must be at least 1.")]
    [InlineData("Accounts__MaxFailedSignIns", "five", "Failed to convert configuration value 'five' at 'Accounts:MaxFailedSignIns' to type 'System.Int32'.")]
    [InlineData("Database__StartupRetryLimit", "soon", "Failed to convert configuration value 'soon' at 'Database:StartupRetryLimit' to type 'System.TimeSpan'.")]
    [InlineData("ForwardedHeaders__KnownProxies__0", "10.0.0.300", "ForwardedHeaders:KnownProxies has '10.0.0.300', which is not an IP address such as 10.0.0.5.")]
    [InlineData("ForwardedHeaders__KnownNetworks__0", "10.0.0.0", "ForwardedHeaders:KnownNetworks has '10.0.0.0', which is not a network such as 10.0.0.0/8.")]
    [InlineData("Security__ExtraImageSources__0", "https://tiles.test; script-src *", "Security:ExtraImageSources has 'https://tiles.test; script-src *', which is not an origin such as https://tile.example.org.")]
    public async Task A_nonsense_setting_stops_start_up_with_one_line_naming_it(string variable, string value, string expected)
    {
        var (exitCode, errors) = await PortalProcess.RunToExitAsync(new() { [variable] = value });

        Assert.Equal(1, exitCode);
        Assert.Equal($"Datawiz cannot start: {expected}", Assert.Single(errors));
    }

    [Fact]
    public async Task A_missing_key_ring_certificate_stops_start_up_with_one_clear_line()
    {
        var (exitCode, errors) = await PortalProcess.RunToExitAsync(new() { ["DataProtection__CertificatePath"] = "/nowhere/keyring.pfx" });

        Assert.Equal(1, exitCode);
        Assert.Equal("Datawiz cannot start: DataProtection:CertificatePath is '/nowhere/keyring.pfx', but there is no file /nowhere/keyring.pfx.", Assert.Single(errors));
    }
}
