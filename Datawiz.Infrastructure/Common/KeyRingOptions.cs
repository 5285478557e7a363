using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Configuration;

namespace Datawiz.Infrastructure.Common;

/// <summary>
/// The <c>DataProtection</c> configuration section: a certificate that encrypts the Data Protection key
/// ring where it is stored (the database). Without one the keys are stored as they are, so anyone who can
/// read the database can also read the cookies and secrets those keys protect.
/// </summary>
public sealed class KeyRingOptions
{
    public const string Section = "DataProtection";

    /// <summary>A PKCS#12 file (<c>.pfx</c>, <c>.p12</c>) or a PEM certificate, relative to the content root unless absolute.</summary>
    public string? CertificatePath { get; set; }

    /// <summary>The PKCS#12 file's password.</summary>
    public string? CertificatePassword { get; set; }

    /// <summary>The PEM private key, when it is not in the <see cref="CertificatePath"/> file itself.</summary>
    public string? CertificateKeyPath { get; set; }

    /// <summary>
    /// Read while services are registered: the certificate decides how Data Protection is set up, so a
    /// certificate that cannot be used stops start-up with one line.
    /// </summary>
    /// <exception cref="DatawizConfigurationException">The section names a certificate that cannot be used.</exception>
    public static X509Certificate2? LoadCertificate(IConfiguration configuration, string contentRoot)
    {
        KeyRingOptions options;
        try
        {
            options = configuration.GetSection(Section).Get<KeyRingOptions>() ?? new KeyRingOptions();
        }
        catch (InvalidOperationException ex)
        {
            throw new DatawizConfigurationException(ex.Message);
        }
        return options.LoadCertificate(contentRoot);
    }

    private X509Certificate2? LoadCertificate(string contentRoot)
    {
        if (string.IsNullOrWhiteSpace(CertificatePath))
        {
            return null;
        }
        var path = ExistingFile(nameof(CertificatePath), CertificatePath, contentRoot);
        X509Certificate2 certificate;
        try
        {
            certificate = !string.IsNullOrWhiteSpace(CertificateKeyPath)
                ? X509Certificate2.CreateFromPemFile(path, ExistingFile(nameof(CertificateKeyPath), CertificateKeyPath, contentRoot))
                : IsPem(path)
                    ? X509Certificate2.CreateFromPemFile(path)
                    : X509CertificateLoader.LoadPkcs12FromFile(path, CertificatePassword);
        }
        catch (CryptographicException ex)
        {
            throw new DatawizConfigurationException($"{Section}:{nameof(CertificatePath)} '{path}' cannot be read as a certificate: {ex.Message}");
        }
        if (!certificate.HasPrivateKey)
        {
            throw new DatawizConfigurationException(
                $"{Section}:{nameof(CertificatePath)} '{path}' has no private key, which Datawiz needs to read its keys back. " +
                $"For a PEM certificate, set {Section}:{nameof(CertificateKeyPath)} to its key.");
        }
        return certificate;
    }

    private static string ExistingFile(string setting, string configured, string contentRoot)
    {
        var path = Path.GetFullPath(configured, contentRoot);
        return File.Exists(path)
            ? path
            : throw new DatawizConfigurationException($"{Section}:{setting} is '{configured}', but there is no file {path}.");
    }

    private static bool IsPem(string path)
    {
        using var reader = new StreamReader(path);
        var start = new char[11];
        return reader.ReadBlock(start) == start.Length && new string(start) == "-----BEGIN ";
    }
}
