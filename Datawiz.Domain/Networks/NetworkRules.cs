using Datawiz.Domain.Common;

namespace Datawiz.Domain.Networks;

/// <summary>What a WiFi network's fields may hold, as the 802.11 and WPA specifications allow them.</summary>
public static class NetworkRules
{
    public const int PasswordMinLength = 8;

    public static string? NameError(string? name) => TextRules.NameError(name);

    public static IReadOnlyList<string> InputErrors(string? name, string? ssid, string? password) =>
        new[] { NameError(name), SsidError(ssid), PasswordError(password) }.OfType<string>().ToArray();

    /// <summary>
    /// An SSID is taken as typed: spaces at either end are part of some real network names, so it is
    /// not trimmed, only checked for length and for characters no device could show.
    /// </summary>
    public static string? SsidError(string? ssid)
    {
        if (string.IsNullOrEmpty(ssid))
        {
            return "SSID is required.";
        }
        if (ssid.Length > Network.SsidLength)
        {
            return $"SSID must be at most {Network.SsidLength} characters.";
        }
        return TextRules.SingleLineCharactersError(ssid, "SSID");
    }

    /// <summary>A WPA passphrase (8 to 63 printable ASCII characters), or nothing for an open network.</summary>
    public static string? PasswordError(string? password)
    {
        if (string.IsNullOrEmpty(password))
        {
            return null;
        }
        if (password.Length < PasswordMinLength || password.Length > Network.PasswordMaxLength)
        {
            return $"Password must be {PasswordMinLength} to {Network.PasswordMaxLength} characters (or empty for an open network).";
        }
        return password.All(IsPrintableAscii) ? null : "Password may only contain printable ASCII characters (letters, digits, spaces and symbols on a US keyboard).";
    }

    private static bool IsPrintableAscii(char c) => c is >= ' ' and <= '~';
}
