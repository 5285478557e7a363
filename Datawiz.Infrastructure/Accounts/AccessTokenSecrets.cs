using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Datawiz.Infrastructure.Accounts;

/// <summary>
/// The text of a personal access token, <c>dwz_&lt;id&gt;_&lt;secret&gt;</c>: the id (32 hex digits) finds the row, the
/// secret (256 random bits, URL-safe base64) proves the holder. The prefix makes a leaked token easy to recognise
/// (secret scanners, logs) and tells it apart from other credentials.
/// </summary>
public static class AccessTokenSecrets
{
    public const string Prefix = "dwz_";
    private const int IdLength = 32;
    private const int SecretBytes = 32;
    private const int SecretLength = 43;

    /// <summary>The whole length of a token's text.</summary>
    public const int Length = 4 + IdLength + 1 + SecretLength;

    public static string NewSecret()
    {
        Span<byte> bytes = stackalloc byte[SecretBytes];
        RandomNumberGenerator.Fill(bytes);
        return Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    public static string Format(Guid id, string secret) => $"{Prefix}{id.ToString("N", CultureInfo.InvariantCulture)}_{secret}";

    /// <summary>What the profile shows of a token: enough to match it to a script's configuration, nothing that lets anyone use it.</summary>
    public static string Hint(Guid id) => $"{Prefix}{id.ToString("N", CultureInfo.InvariantCulture)[..8]}…";

    /// <summary>The id and secret of a text shaped like a token; false for anything else.</summary>
    public static bool TryParse(string? text, out Guid id, [NotNullWhen(true)] out string? secret)
    {
        id = Guid.Empty;
        secret = null;
        if (text is null || text.Length != Length || !text.StartsWith(Prefix, StringComparison.Ordinal) || text[Prefix.Length + IdLength] != '_'
            || !Guid.TryParseExact(text.AsSpan(Prefix.Length, IdLength), "N", out id))
        {
            return false;
        }
        secret = text[(Prefix.Length + IdLength + 1)..];
        return secret.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
    }

    /// <summary>
    /// SHA-256 of the secret, unsalted and unstretched. Password hashes are slow and salted because people choose
    /// guessable passwords; this secret is 256 random bits, so no guess can find it faster than by chance, and a fast
    /// hash lets every API request be checked without the cost of PBKDF2. A copy of the database gives no token.
    /// </summary>
    public static byte[] Hash(string secret) => SHA256.HashData(Encoding.ASCII.GetBytes(secret));

    /// <summary>In constant time, so the answer's timing says nothing about how much of a guess was right.</summary>
    public static bool Matches(byte[] storedHash, string secret) =>
        CryptographicOperations.FixedTimeEquals(storedHash, Hash(secret));
}
