using Datawiz.Domain.Common;
using Datawiz.Domain.UserClasses;

namespace Datawiz.Infrastructure.UserClasses;

/// <summary>What an administrator fills in for a user class; the form binds to it and the service checks it again.</summary>
public sealed class UserClassDraft
{
    private string name = "";

    // A cleared text field binds null; the rules then report the missing name instead of crashing.
    public string Name { get => name; set => name = value ?? ""; }

    public int MaxSensors { get; set; }

    public int MaxConnectedSensors { get; set; }

    public int MaxApplications { get; set; }

    public int CpuMillicoresPerApplication { get; set; }

    public int MemoryMiBPerApplication { get; set; }

    public int RetentionDays { get; set; }

    public int MaxMessagesPerMinute { get; set; }

    public bool IsDefault { get; set; }

    /// <summary>A new class starts from the seeded standard limits, which are sensible, rather than from zeros.</summary>
    public static UserClassDraft New()
    {
        var draft = From(UserClass.Standard());
        draft.Name = "";
        draft.IsDefault = false;
        return draft;
    }

    public static UserClassDraft From(UserClass userClass) => new()
    {
        Name = userClass.Name,
        MaxSensors = userClass.MaxSensors,
        MaxConnectedSensors = userClass.MaxConnectedSensors,
        MaxApplications = userClass.MaxApplications,
        CpuMillicoresPerApplication = userClass.CpuMillicoresPerApplication,
        MemoryMiBPerApplication = userClass.MemoryMiBPerApplication,
        RetentionDays = userClass.RetentionDays,
        MaxMessagesPerMinute = userClass.MaxMessagesPerMinute,
        IsDefault = userClass.IsDefault,
    };

    /// <summary>Copies the limits onto <paramref name="userClass"/>; the default flag is the service's to handle.</summary>
    public void ApplyTo(UserClass userClass)
    {
        userClass.Name = Name.Trim();
        userClass.MaxSensors = MaxSensors;
        userClass.MaxConnectedSensors = MaxConnectedSensors;
        userClass.MaxApplications = MaxApplications;
        userClass.CpuMillicoresPerApplication = CpuMillicoresPerApplication;
        userClass.MemoryMiBPerApplication = MemoryMiBPerApplication;
        userClass.RetentionDays = RetentionDays;
        userClass.MaxMessagesPerMinute = MaxMessagesPerMinute;
    }

    /// <summary>Everything wrong with the draft, in words the form can show next to the fields.</summary>
    public IReadOnlyList<string> Errors()
    {
        var candidate = new UserClass();
        ApplyTo(candidate);
        var nameError = TextRules.NameError(Name);
        return nameError is null ? QuotaRules.DefinitionErrors(candidate) : [nameError, .. QuotaRules.DefinitionErrors(candidate)];
    }

    /// <summary>The limits in a line, for audit entries.</summary>
    public string Describe() =>
        $"sensors {MaxSensors} ({MaxConnectedSensors} connected at once), applications {MaxApplications}, CPU {CpuMillicoresPerApplication} m, memory {MemoryMiBPerApplication} MiB, " +
        $"retention {RetentionDays} d, {MaxMessagesPerMinute} messages/min{(IsDefault ? ", default" : "")}";
}
