using Datawiz.Domain.Audit;
using Datawiz.Domain.Common;
using Datawiz.Domain.Reviews;

namespace Datawiz.Web.Tests.Domain;

public sealed class ReviewRulesTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   \n ")]
    public void Rejecting_needs_a_comment(string? comment) =>
        Assert.Equal(ReviewRules.RejectionNeedsComment, ReviewRules.CommentError(ReviewDecision.Reject, comment));

    [Theory]
    [InlineData(null)]
    [InlineData("  ")]
    [InlineData("Fine.")]
    public void Approving_takes_a_comment_or_none(string? comment) =>
        Assert.Null(ReviewRules.CommentError(ReviewDecision.Approve, comment));

    [Fact]
    public void A_comment_may_be_as_long_as_the_limit_after_trimming_but_no_longer()
    {
        Assert.Null(ReviewRules.CommentError(ReviewDecision.Reject, "  " + new string('x', Limits.CommentLength) + "  "));
        Assert.Equal(
            $"Comment must be at most {Limits.CommentLength} characters.",
            ReviewRules.CommentError(ReviewDecision.Approve, new string('x', Limits.CommentLength + 1)));
    }

    [Fact]
    public void Comments_are_stored_trimmed_and_blank_ones_not_at_all()
    {
        Assert.Equal("Good.", ReviewRules.NormaliseComment("  Good. \n"));
        Assert.Null(ReviewRules.NormaliseComment(" \t"));
    }

    [Fact]
    public void Decisions_lead_to_their_status_and_audit_action()
    {
        Assert.Equal(ReviewStatus.Approved, ReviewRules.StatusAfter(ReviewDecision.Approve));
        Assert.Equal(ReviewStatus.Rejected, ReviewRules.StatusAfter(ReviewDecision.Reject));
        Assert.Equal(AuditAction.Approve, ReviewRules.AuditActionFor(ReviewDecision.Approve));
        Assert.Equal(AuditAction.Reject, ReviewRules.AuditActionFor(ReviewDecision.Reject));
    }

    [Fact]
    public void Links_point_to_the_items_own_pages()
    {
        var id = Guid.NewGuid();
        Assert.Equal($"/sensor-types/{id}", ReviewRules.ItemLink(ReviewKind.SensorType, id));
        Assert.Equal($"/applications/templates/{id}", ReviewRules.ItemLink(ReviewKind.ApplicationTemplate, id));
    }

    [Fact]
    public void The_notification_says_the_decision_and_the_comment_and_fits_its_column()
    {
        Assert.Equal(
            "Your sensor type \"DHT\" was rejected. Comment: Needs units.",
            ReviewRules.NotificationMessage(ReviewKind.SensorType, "DHT", ReviewDecision.Reject, "Needs units."));
        Assert.Equal(
            "Your application template \"Node-RED\" was approved.",
            ReviewRules.NotificationMessage(ReviewKind.ApplicationTemplate, "Node-RED", ReviewDecision.Approve, null));

        var longest = ReviewRules.NotificationMessage(ReviewKind.SensorType, "DHT", ReviewDecision.Reject, new string('x', Limits.CommentLength));
        Assert.Equal(Limits.CommentLength, longest.Length);
        Assert.EndsWith("…", longest, StringComparison.Ordinal);
    }

    [Fact]
    public void Submitting_queues_the_item_from_now_and_keeps_its_last_decision_until_the_next()
    {
        var created = new DateTimeOffset(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);
        var review = new ReviewState { Status = ReviewStatus.Rejected, ReviewComment = "Add a unit.", SubmittedAt = created };

        ReviewRules.Submit(review, created.AddDays(2));

        Assert.Equal(ReviewStatus.Submitted, review.Status);
        Assert.Equal(created.AddDays(2), ReviewRules.WaitingSince(review, created));
        Assert.Equal("Add a unit.", review.ReviewComment);
    }

    [Fact]
    public void An_item_never_submitted_waits_since_it_was_created()
    {
        var created = new DateTimeOffset(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);

        Assert.Equal(created, ReviewRules.WaitingSince(new ReviewState(), created));
    }

    [Fact]
    public void Only_the_submitter_is_the_submitter()
    {
        var submitter = new Actor(Guid.NewGuid(), "sam@datawiz.test", IsAdmin: false);
        var review = new ReviewState { SubmittedById = submitter.UserId };

        Assert.True(review.IsSubmittedBy(submitter));
        Assert.False(review.IsSubmittedBy(submitter with { UserId = Guid.NewGuid() }));
        Assert.False(new ReviewState().IsSubmittedBy(submitter));
    }
}
