namespace Datawiz.Domain.UserClasses;

/// <summary>What a class of users may use. Every account belongs to one; new accounts get the default.</summary>
public sealed class UserClass
{
    public Guid Id { get; set; }

    public string Name { get; set; } = "";

    public int MaxSensors { get; set; }

    /// <summary>How many of a user's sensors may be connected to the broker at once.</summary>
    public int MaxConnectedSensors { get; set; }

    public int MaxApplications { get; set; }

    /// <summary>CPU each application may use, in millicores (1000 = one core).</summary>
    public int CpuMillicoresPerApplication { get; set; }

    public int MemoryMiBPerApplication { get; set; }

    public int RetentionDays { get; set; }

    public int MaxMessagesPerMinute { get; set; }

    public bool IsDefault { get; set; }

    /// <summary>The class seeded into a new installation.</summary>
    public static UserClass Standard() => new()
    {
        Id = Guid.NewGuid(),
        Name = "Standard",
        MaxSensors = 20,
        MaxConnectedSensors = 20,
        MaxApplications = 3,
        CpuMillicoresPerApplication = 500,
        MemoryMiBPerApplication = 256,
        RetentionDays = 90,
        MaxMessagesPerMinute = 600,
        IsDefault = true,
    };
}
