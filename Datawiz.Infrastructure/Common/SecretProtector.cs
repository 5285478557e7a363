using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace Datawiz.Infrastructure.Common;

/// <summary>
/// Encrypts secrets users give the portal (WiFi passwords, secret template values) with the Data
/// Protection key ring kept in the database, so every replica can read them and a database dump alone cannot.
/// </summary>
public sealed class SecretProtector(IDataProtectionProvider provider)
{
    private readonly IDataProtector protector = provider.CreateProtector("Datawiz.Secrets.v1");

    public string Protect(string plainText) => protector.Protect(plainText);

    /// <exception cref="CryptographicException">The value was not protected with this key ring.</exception>
    public string Unprotect(string protectedText) => protector.Unprotect(protectedText);
}
