using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Datawiz.Infrastructure.Persistence;
using Datawiz.Web.Tests.Harness;
using Microsoft.EntityFrameworkCore;

namespace Datawiz.Web.Tests.Operations;

/// <summary>
/// The Data Protection key ring lives in the database, so a sign-in outlives the process that issued it;
/// with a certificate configured the keys are stored encrypted and still read back after a restart.
/// </summary>
public sealed class RestartTests
{
    public enum CertificateFormat
    {
        Pkcs12,
        Pem,
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task A_sign_in_survives_a_restart_and_works_on_another_instance(DatabaseProvider provider)
    {
        var keys = await SignInSurvivesRestartAsync(provider, _ => { });

        Assert.All(keys, key => Assert.Contains("<value>", key, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite, CertificateFormat.Pkcs12)]
    [InlineData(DatabaseProvider.Postgres, CertificateFormat.Pkcs12)]
    [InlineData(DatabaseProvider.Sqlite, CertificateFormat.Pem)]
    public async Task With_a_certificate_the_stored_keys_are_encrypted_and_a_sign_in_survives_a_restart(DatabaseProvider provider, CertificateFormat format)
    {
        var folder = Directory.CreateTempSubdirectory("datawiz-certificate-");
        try
        {
            var settings = WriteCertificate(folder.FullName, format);

            var keys = await SignInSurvivesRestartAsync(provider, app =>
            {
                foreach (var (key, value) in settings)
                {
                    app.Settings[key] = value;
                }
            });

            Assert.All(keys, key =>
            {
                Assert.Contains("<encryptedSecret", key, StringComparison.Ordinal);
                Assert.DoesNotContain("<value>", key, StringComparison.Ordinal);
            });
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    /// <summary>Signs in on one app, restarts it on the same database and uses the cookie there; returns the stored keys' XML.</summary>
    private static async Task<string[]> SignInSurvivesRestartAsync(DatabaseProvider provider, Action<DatawizApp> configure)
    {
        CookieCollection cookies;
        string[] keys;
        DatawizApp restarted;
        await using (var first = DatawizApp.Create(provider))
        {
            configure(first);
            await first.InitializeAsync();
            using var client = await first.SignedInClientAsync();
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/")).StatusCode);
            cookies = client.Cookies.GetCookies(first.BaseAddress);
            keys = await first.QueryAsync(db => db.DataProtectionKeys.Select(k => k.Xml!).ToArrayAsync(TestContext.Current.CancellationToken));
            restarted = first.CreateRestartedApp();
        }

        await using (restarted)
        {
            configure(restarted);
            await restarted.InitializeAsync();
            using var client = restarted.CreatePortalClient();
            foreach (Cookie cookie in cookies)
            {
                client.Cookies.Add(restarted.BaseAddress, new Cookie(cookie.Name, cookie.Value));
            }

            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/")).StatusCode);
        }
        Assert.NotEmpty(keys);
        return keys;
    }

    /// <summary>A new self-signed certificate with its private key, written as an operator would provide it.</summary>
    private static Dictionary<string, string?> WriteCertificate(string folder, CertificateFormat format)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=Datawiz key ring", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        if (format == CertificateFormat.Pem)
        {
            var certificatePath = Path.Combine(folder, "keyring.crt");
            var keyPath = Path.Combine(folder, "keyring.key");
            File.WriteAllText(certificatePath, certificate.ExportCertificatePem());
            File.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem());
            return new() { ["DataProtection:CertificatePath"] = certificatePath, ["DataProtection:CertificateKeyPath"] = keyPath };
        }
        var pfxPath = Path.Combine(folder, "keyring.pfx");
        File.WriteAllBytes(pfxPath, certificate.Export(X509ContentType.Pkcs12, "certificate-password"));
        return new() { ["DataProtection:CertificatePath"] = pfxPath, ["DataProtection:CertificatePassword"] = "certificate-password" };
    }
}
