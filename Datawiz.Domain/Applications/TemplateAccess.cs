using Datawiz.Domain.Common;

namespace Datawiz.Domain.Applications;

/// <summary>Who may do what with an application template, depending on its status. Services enforce it; pages use it to offer actions.</summary>
public static class TemplateAccess
{
    public static bool IsSubmitter(Actor actor, ApplicationTemplate template) => template.Review.IsSubmittedBy(actor);

    /// <summary>
    /// Users see approved templates and their own. A deprecated template stays visible to someone whose
    /// applications use it (<paramref name="usedByActor"/>), so their application's page can link to it.
    /// </summary>
    public static bool CanSee(Actor actor, ApplicationTemplate template, bool usedByActor = false) =>
        actor.IsAdmin
        || template.Review.Status == ReviewStatus.Approved
        || IsSubmitter(actor, template)
        || (usedByActor && template.Review.Status == ReviewStatus.Deprecated);

    /// <summary>Admins edit any template; a submitter only while it is a draft or was rejected (a review in progress must not change under the reviewer).</summary>
    public static bool CanEdit(Actor actor, ApplicationTemplate template) =>
        actor.IsAdmin || (IsSubmitter(actor, template) && template.Review.Status is ReviewStatus.Draft or ReviewStatus.Rejected);

    public static bool CanSubmit(Actor actor, ApplicationTemplate template) =>
        IsSubmitter(actor, template) && template.Review.Status is ReviewStatus.Draft or ReviewStatus.Rejected;

    public static bool CanDeprecate(Actor actor, ApplicationTemplate template) =>
        actor.IsAdmin && template.Review.Status == ReviewStatus.Approved;

    /// <summary>Admins delete any template; a submitter their own until it is approved (then others may rely on it).</summary>
    public static bool CanDelete(Actor actor, ApplicationTemplate template) =>
        actor.IsAdmin || (IsSubmitter(actor, template) && template.Review.Status is ReviewStatus.Draft or ReviewStatus.Submitted or ReviewStatus.Rejected);

    /// <summary>New applications only come from approved templates.</summary>
    public static bool CanStartFrom(ApplicationTemplate template) => template.Review.Status == ReviewStatus.Approved;

    /// <summary>The statuses an admin may give a template by editing it: draft or approved, or the one it has.</summary>
    public static IReadOnlyList<ReviewStatus> AdminEditStatuses(ReviewStatus current) =>
        current is ReviewStatus.Draft or ReviewStatus.Approved ? [ReviewStatus.Draft, ReviewStatus.Approved] : [current, ReviewStatus.Draft, ReviewStatus.Approved];
}
