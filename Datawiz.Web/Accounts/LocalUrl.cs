using System.Text;

namespace Datawiz.Web.Accounts;

public static class LocalUrl
{
    /// <summary>
    /// The given return address if it stays on this site, else the home page: no open redirects. Characters a
    /// Location header cannot carry (anything outside printable ASCII) are percent-encoded as UTF-8, because
    /// Kestrel refuses such a header and the sign-in that redirects there would end in a 500 without its cookie.
    /// </summary>
    public static string OrHome(string? url) =>
        !string.IsNullOrEmpty(url) && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'))
            ? Escaped(url) ?? "/"
            : "/";

    /// <summary>The address with every character outside printable ASCII percent-encoded; null if it is no valid text.</summary>
    private static string? Escaped(string url)
    {
        if (url.All(c => c is > ' ' and < '\u007f'))
        {
            return url;
        }
        var escaped = new StringBuilder(url.Length * 3);
        Span<byte> bytes = stackalloc byte[4];
        for (var i = 0; i < url.Length;)
        {
            if (Rune.DecodeFromUtf16(url.AsSpan(i), out var rune, out var used) != System.Buffers.OperationStatus.Done)
            {
                return null;
            }
            i += used;
            if (rune.Value is > ' ' and < 0x7f)
            {
                escaped.Append((char)rune.Value);
                continue;
            }
            var length = rune.EncodeToUtf8(bytes);
            foreach (var b in bytes[..length])
            {
                escaped.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }
        return escaped.ToString();
    }
}
