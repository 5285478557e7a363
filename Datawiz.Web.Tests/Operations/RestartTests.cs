using System.Net;
using Datawiz.Infrastructure.Persistence;
using Datawiz.Web.Tests.Harness;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Datawiz.Web.Tests.Operations;

/// <summary>The Data Protection key ring lives in the database, so a sign-in outlives the process that issued it.</summary>
public sealed class RestartTests
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task A_sign_in_survives_a_restart_and_works_on_another_instance(DatabaseProvider provider)
    {
        System.Net.CookieCollection cookies;
        DatawizApp restarted;
        await using (var first = DatawizApp.Create(provider))
        {
            await first.InitializeAsync();
            using var client = await first.SignedInClientAsync();
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/")).StatusCode);
            cookies = client.Cookies.GetCookies(first.BaseAddress);
            await using var scope = first.Services.CreateAsyncScope();
            Assert.True(await scope.ServiceProvider.GetRequiredService<DatawizDbContext>().DataProtectionKeys.AnyAsync(TestContext.Current.CancellationToken));
            restarted = first.CreateRestartedApp();
        }

        await using (restarted)
        {
            await restarted.InitializeAsync();
            using var client = restarted.CreatePortalClient();
            foreach (System.Net.Cookie cookie in cookies)
            {
                client.Cookies.Add(restarted.BaseAddress, new System.Net.Cookie(cookie.Name, cookie.Value));
            }

            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/")).StatusCode);
        }
    }
}
