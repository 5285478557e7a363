namespace Datawiz.Domain.UserClasses;

/// <summary>The checks that keep users inside their class, with the message that names the limit.</summary>
public static class QuotaRules
{
    /// <summary>A count limit that holds nobody back (administrators outside any class).</summary>
    public const int NoLimit = int.MaxValue;

    /// <summary>How many more sensors the class allows; null when it sets no limit.</summary>
    public static int? SensorsLeft(UserClass userClass, int existingSensors) =>
        userClass.MaxSensors == NoLimit ? null : Math.Max(0, userClass.MaxSensors - existingSensors);

    /// <summary>
    /// The limits of an administrator who was put in no class: the default class' limits for what each
    /// application may use and how long readings are kept, but no limit on how many sensors and applications
    /// he creates, since he looks after the portal rather than uses a share of it. Putting him in a class
    /// (the default one included) applies that class in full.
    /// </summary>
    public static UserClass ForUnclassedAdministrator(UserClass defaultClass) => new()
    {
        Id = defaultClass.Id,
        Name = defaultClass.Name,
        MaxSensors = NoLimit,
        MaxConnectedSensors = NoLimit,
        MaxApplications = NoLimit,
        CpuMillicoresPerApplication = defaultClass.CpuMillicoresPerApplication,
        MemoryMiBPerApplication = defaultClass.MemoryMiBPerApplication,
        RetentionDays = defaultClass.RetentionDays,
        MaxMessagesPerMinute = defaultClass.MaxMessagesPerMinute,
        IsDefault = defaultClass.IsDefault,
    };

    public static string? SensorLimitError(UserClass userClass, int existingSensors, int adding = 1) =>
        (long)existingSensors + adding > userClass.MaxSensors
            ? $"Your user class '{userClass.Name}' allows at most {userClass.MaxSensors} sensors; you have {existingSensors}."
            : null;

    public static string ConnectedSensorLimitError(string className, int maxConnectedSensors) =>
        $"Your user class '{className}' allows at most {maxConnectedSensors} sensors connected at once; disconnect another of your sensors first.";

    public static string? ApplicationLimitError(UserClass userClass, int existingApplications) =>
        (long)existingApplications + 1 > userClass.MaxApplications
            ? $"Your user class '{userClass.Name}' allows at most {userClass.MaxApplications} applications; you have {existingApplications}."
            : null;

    public static IReadOnlyList<string> DefinitionErrors(UserClass userClass)
    {
        var errors = new List<string>();
        void AtLeast(int value, int min, string what)
        {
            if (value < min)
            {
                errors.Add($"{what} must be at least {min}.");
            }
        }
        AtLeast(userClass.MaxSensors, 0, "Max sensors");
        AtLeast(userClass.MaxConnectedSensors, 1, "Sensors connected at once");
        AtLeast(userClass.MaxApplications, 0, "Max applications");
        AtLeast(userClass.CpuMillicoresPerApplication, 10, "CPU per application (millicores)");
        AtLeast(userClass.MemoryMiBPerApplication, 16, "Memory per application (MiB)");
        AtLeast(userClass.RetentionDays, 1, "Retention (days)");
        AtLeast(userClass.MaxMessagesPerMinute, 1, "Max messages per minute");
        return errors;
    }
}
