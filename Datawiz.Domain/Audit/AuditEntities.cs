using Datawiz.Domain.Reviews;

namespace Datawiz.Domain.Audit;

/// <summary>
/// The kinds of things the audit trail names (<see cref="AuditEntry.EntityType"/>), in one place, with the
/// page where each kind is shown, so that an entry can link to what it is about.
/// </summary>
/// <remarks>The names are stored in the audit trail: renaming one leaves older entries with the old name.</remarks>
public static class AuditEntities
{
    public const string User = "User";
    public const string UserClass = "UserClass";
    public const string Group = "Group";
    public const string Network = "Network";
    public const string Sensor = "Sensor";
    public const string SensorType = "SensorType";
    public const string ApplicationTemplate = "ApplicationTemplate";
    public const string TemplateComment = "TemplateComment";
    public const string UserApplication = "UserApplication";

    public static IReadOnlyList<string> All { get; } =
        [User, UserClass, Group, Network, Sensor, SensorType, ApplicationTemplate, TemplateComment, UserApplication];

    /// <summary>What an entity type is called on pages ("Sensor type", not "SensorType").</summary>
    public static string Label(string entityType) => entityType switch
    {
        User => "Account",
        UserClass => "User class",
        SensorType => "Sensor type",
        ApplicationTemplate => "Application template",
        TemplateComment => "Comment on a template",
        UserApplication => "Application",
        _ => entityType,
    };

    /// <summary>What an item waiting for review is, in the trail.</summary>
    public static string Of(ReviewKind kind) => kind == ReviewKind.SensorType ? SensorType : ApplicationTemplate;

    /// <summary>
    /// The page that shows this entity, or null when it has no page of its own (accounts, user classes and
    /// comments are shown in lists) or the id is not one of its ids. The page itself decides whether the
    /// viewer may see it, and answers not found once the entity is deleted.
    /// </summary>
    public static string? LinkTo(string entityType, string entityId)
    {
        if (!Guid.TryParse(entityId, out var id))
        {
            return null;
        }
        return entityType switch
        {
            Sensor => $"/sensors/{id}",
            SensorType => ReviewRules.ItemLink(ReviewKind.SensorType, id),
            ApplicationTemplate => ReviewRules.ItemLink(ReviewKind.ApplicationTemplate, id),
            UserApplication => $"/applications/{id}",
            Group => $"/groups/{id}",
            Network => $"/networks/{id}",
            _ => null,
        };
    }
}
