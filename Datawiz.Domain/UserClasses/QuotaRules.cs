namespace Datawiz.Domain.UserClasses;

/// <summary>The checks that keep users inside their class, with the message that names the limit.</summary>
public static class QuotaRules
{
    public static string? SensorLimitError(UserClass userClass, int existingSensors, int adding = 1) =>
        existingSensors + adding > userClass.MaxSensors
            ? $"Your user class '{userClass.Name}' allows at most {userClass.MaxSensors} sensors; you have {existingSensors}."
            : null;

    public static string? ApplicationLimitError(UserClass userClass, int existingApplications) =>
        existingApplications + 1 > userClass.MaxApplications
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
        AtLeast(userClass.MaxApplications, 0, "Max applications");
        AtLeast(userClass.CpuMillicoresPerApplication, 10, "CPU per application (millicores)");
        AtLeast(userClass.MemoryMiBPerApplication, 16, "Memory per application (MiB)");
        AtLeast(userClass.RetentionDays, 1, "Retention (days)");
        AtLeast(userClass.MaxMessagesPerMinute, 1, "Max messages per minute");
        return errors;
    }
}
