using Datawiz.Domain.Common;

namespace Datawiz.Domain.Reviews;

/// <summary>
/// Where a sensor type or an application template stands in review, and who moved it there. Both kinds
/// keep it the same way, so the review rules, the queue and the pages treat them alike.
/// </summary>
public sealed class ReviewState
{
    public ReviewStatus Status { get; set; }

    /// <summary>Who submitted it; null for what an administrator created or the portal seeded.</summary>
    public Guid? SubmittedById { get; set; }

    /// <summary>When it last entered the review queue; the queue serves the longest waiting first.</summary>
    public DateTimeOffset? SubmittedAt { get; set; }

    /// <summary>The reviewer's words to the submitter, kept with the last decision.</summary>
    public string? ReviewComment { get; set; }

    public Guid? ReviewedById { get; set; }

    public DateTimeOffset? ReviewedAt { get; set; }

    public bool IsSubmittedBy(Actor actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        return SubmittedById == actor.UserId;
    }
}
