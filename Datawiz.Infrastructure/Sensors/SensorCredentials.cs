using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Datawiz.Infrastructure.Sensors;

/// <summary>A sensor's MQTT username and password, as issued once to the person who set it up, and the topic it publishes to.</summary>
public sealed record IssuedCredentials(Guid SensorId, string SensorName, string Username, string Password, string Topic);

/// <summary>
/// Makes and checks the MQTT credentials of sensors. The password is only ever stored as a salted
/// PBKDF2 hash; the broker verifies what a device sends with <see cref="Verify"/>.
/// </summary>
public static class SensorCredentials
{
    public const string UsernamePrefix = "s-";
    private const int UsernameRandomLength = 12;
    private const string Base32Alphabet = "abcdefghijklmnopqrstuvwxyz234567";
    private const int PasswordBytes = 32;
    private const int SaltBytes = 16;
    private const int HashBytes = 32;
    private const string Scheme = "pbkdf2-sha256";

    // The passwords are 256 random bits, so no amount of stretching is needed to resist guessing; a modest
    // count keeps bulk imports and broker reconnect storms cheap while hiding equal passwords behind salts.
    private const int Iterations = 10_000;

    /// <summary>"s-" and 12 random base32 characters (60 bits): unique enough that a clash is retried, not expected.</summary>
    public static string NewUsername() =>
        UsernamePrefix + RandomNumberGenerator.GetString(Base32Alphabet, UsernameRandomLength);

    /// <summary>256 random bits, URL-safe base64 without padding (43 characters, never starting with '-'), safe in every MQTT client setting.</summary>
    public static string NewPassword()
    {
        Span<byte> bytes = stackalloc byte[PasswordBytes];
        while (true)
        {
            RandomNumberGenerator.Fill(bytes);
            var password = Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
            // A leading '-' reads as an option to command-line clients and as a formula to spreadsheets (the
            // credentials download would have to change it); drawing again costs one in 64 passwords a retry.
            if (password[0] != '-')
            {
                return password;
            }
        }
    }

    /// <summary>The stored form: scheme, iteration count, salt and hash, so the parameters can change later without breaking old hashes.</summary>
    public static string Hash(string password)
    {
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        var hash = Derive(password, salt, Iterations);
        return string.Join('$', Scheme, Iterations.ToString(CultureInfo.InvariantCulture), Convert.ToBase64String(salt), Convert.ToBase64String(hash));
    }

    /// <summary>Does <paramref name="password"/> match the stored <paramref name="hash"/>? False for anything malformed.</summary>
    public static bool Verify(string hash, string password)
    {
        var parts = hash.Split('$');
        if (parts.Length != 4 || parts[0] != Scheme
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var iterations) || iterations is < 1 or > 10_000_000)
        {
            return false;
        }
        try
        {
            var salt = Convert.FromBase64String(parts[2]);
            var expected = Convert.FromBase64String(parts[3]);
            return expected.Length == HashBytes && CryptographicOperations.FixedTimeEquals(expected, Derive(password, salt, iterations));
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private static byte[] Derive(string password, byte[] salt, int iterations) =>
        Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA256, HashBytes);
}
