using Datawiz.Domain.Common;
using Datawiz.Domain.Reviews;

namespace Datawiz.Domain.Sensors;

/// <summary>Who may see and change a sensor type, given its review state. Administrators may do everything.</summary>
public static class SensorTypeAccess
{
    /// <summary>Statuses everyone sees: approved types are offered, deprecated ones still describe the sensors built on them.</summary>
    public static IReadOnlyList<ReviewStatus> Public { get; } = Catalogue.Statuses;

    /// <summary>The one status offered for new sensors; a sensor keeps its type if that is deprecated later.</summary>
    public const ReviewStatus UsableForNewSensors = ReviewStatus.Approved;

    public static bool IsSubmitter(Actor actor, SensorType type) => type.Review.IsSubmittedBy(actor);

    public static bool CanSee(Actor actor, SensorType type) =>
        actor.IsAdmin || Public.Contains(type.Review.Status) || IsSubmitter(actor, type);

    /// <summary>A submitter may rework their type until it is approved; approved types belong to the administrators.</summary>
    public static bool CanEdit(Actor actor, SensorType type) =>
        actor.IsAdmin || (IsSubmitter(actor, type) && !Public.Contains(type.Review.Status));

    public static bool CanDelete(Actor actor, SensorType type) => CanEdit(actor, type);

    public static bool CanDeprecate(Actor actor, SensorType type) => actor.IsAdmin && type.Review.Status == ReviewStatus.Approved;

    public static bool CanRestore(Actor actor, SensorType type) => actor.IsAdmin && type.Review.Status == ReviewStatus.Deprecated;

    /// <summary>The status after a save: administrators' types are approved at once, a submitter's edit (re)submits it for review.</summary>
    public static ReviewStatus StatusAfterSave(Actor actor, SensorType? existing) =>
        existing is null
            ? actor.IsAdmin ? ReviewStatus.Approved : ReviewStatus.Submitted
            : actor.IsAdmin ? existing.Review.Status : ReviewStatus.Submitted;
}
