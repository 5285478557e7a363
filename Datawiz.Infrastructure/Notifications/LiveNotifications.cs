namespace Datawiz.Infrastructure.Notifications;

/// <summary>Someone's notifications changed (a new one, or read): their open pages read the count again.</summary>
public sealed record NotificationsChanged
{
    public static readonly NotificationsChanged Instance = new();
}

/// <summary>What administrators have waiting for them.</summary>
public enum AdminWork
{
    /// <summary>Accounts waiting for approval.</summary>
    Accounts,

    /// <summary>Sensor types and application templates waiting for review.</summary>
    Reviews,
}

/// <summary>Something entered or left an <see cref="AdminWork"/>: open pages count it again.</summary>
public sealed record QueueChanged
{
    public static readonly QueueChanged Instance = new();
}
