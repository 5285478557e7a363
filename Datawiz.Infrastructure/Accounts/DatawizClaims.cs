namespace Datawiz.Infrastructure.Accounts;

public static class DatawizClaims
{
    public const string Status = "datawiz:status";
    public const string DisplayName = "datawiz:display_name";

    /// <summary>The IANA time zone chosen in the profile; absent when the browser's zone applies.</summary>
    public const string TimeZone = "datawiz:time_zone";
}
