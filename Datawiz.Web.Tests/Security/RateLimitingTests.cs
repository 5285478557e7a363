using System.Net;
using Datawiz.Web.Security;
using Datawiz.Web.Tests.Harness;

namespace Datawiz.Web.Tests.Security;

public sealed class RateLimitingTests
{
    [Fact]
    public async Task A_burst_of_account_posts_from_one_address_is_slowed_down()
    {
        await using var app = new SqliteApp();
        app.Settings["RateLimiting:AccountPostsPerMinute"] = "3";
        await app.InitializeAsync();
        using var client = app.CreatePortalClient();

        for (var attempt = 1; attempt <= 3; attempt++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.SignInAsync(TestAccounts.UniqueEmail("guess"), "wrong-password-1")).StatusCode);
        }
        var signIn = await client.SignInAsync(TestAccounts.UniqueEmail("guess"), "wrong-password-1");
        var register = await client.RegisterAsync(TestAccounts.UniqueEmail("flood"), TestAccounts.Password);

        Assert.Equal(HttpStatusCode.TooManyRequests, signIn.StatusCode);
        Assert.Equal(RateLimiting.TooManyRequestsMessage, await signIn.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.NotNull(signIn.Headers.RetryAfter);
        Assert.Equal(HttpStatusCode.TooManyRequests, register.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/account/login")).StatusCode);
    }
}
