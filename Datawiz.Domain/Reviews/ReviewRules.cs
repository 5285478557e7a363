using Datawiz.Domain.Audit;
using Datawiz.Domain.Common;

namespace Datawiz.Domain.Reviews;

/// <summary>The two things users submit for review.</summary>
public enum ReviewKind
{
    SensorType,
    ApplicationTemplate,
}

public enum ReviewDecision
{
    Approve,
    Reject,
}

/// <summary>What an administrator's decision on a submitted item needs and what it leads to.</summary>
public static class ReviewRules
{
    public const string RejectionNeedsComment = "Say why it is rejected: a comment is required to reject.";

    /// <summary>Why the comment cannot go with this decision, or null when it can.</summary>
    public static string? CommentError(ReviewDecision decision, string? comment)
    {
        if (decision == ReviewDecision.Reject && string.IsNullOrWhiteSpace(comment))
        {
            return RejectionNeedsComment;
        }
        return TextRules.MultiLineError(comment?.Trim(), "Comment", Limits.CommentLength);
    }

    /// <summary>Puts the item in the queue (again), behind everything that was waiting before.</summary>
    public static void Submit(ReviewState review, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(review);
        review.Status = ReviewStatus.Submitted;
        review.SubmittedAt = at;
    }

    /// <summary>Since when the item waits, for ordering the queue: its last submission, or else its creation.</summary>
    public static DateTimeOffset WaitingSince(ReviewState review, DateTimeOffset createdAt)
    {
        ArgumentNullException.ThrowIfNull(review);
        return review.SubmittedAt ?? createdAt;
    }

    /// <summary>The comment as stored: trimmed, and null when there is nothing to say.</summary>
    public static string? NormaliseComment(string? comment) =>
        string.IsNullOrWhiteSpace(comment) ? null : comment.Trim();

    public static ReviewStatus StatusAfter(ReviewDecision decision) =>
        decision == ReviewDecision.Approve ? ReviewStatus.Approved : ReviewStatus.Rejected;

    public static AuditAction AuditActionFor(ReviewDecision decision) =>
        decision == ReviewDecision.Approve ? AuditAction.Approve : AuditAction.Reject;

    /// <summary>How the kind reads inside a sentence, e.g. "sensor type".</summary>
    public static string Describe(ReviewKind kind) => kind switch
    {
        ReviewKind.SensorType => "sensor type",
        _ => "application template",
    };

    /// <summary>The page where the submitter finds the item.</summary>
    public static string ItemLink(ReviewKind kind, Guid id) => kind switch
    {
        ReviewKind.SensorType => $"/sensor-types/{id}",
        _ => $"/applications/templates/{id}",
    };

    /// <summary>The submitter's notification: the decision, then the comment, cut to what a notification holds.</summary>
    public static string NotificationMessage(ReviewKind kind, string name, ReviewDecision decision, string? comment)
    {
        var verdict = decision == ReviewDecision.Approve ? "approved" : "rejected";
        var message = $"Your {Describe(kind)} \"{name}\" was {verdict}." + (comment is null ? "" : $" Comment: {comment}");
        return message.Length > Limits.CommentLength ? message[..(Limits.CommentLength - 1)] + "…" : message;
    }
}
