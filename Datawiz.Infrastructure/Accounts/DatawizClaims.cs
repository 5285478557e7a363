namespace Datawiz.Infrastructure.Accounts;

public static class DatawizClaims
{
    public const string Status = "datawiz:status";
    public const string DisplayName = "datawiz:display_name";
}
