using Bunit;
using Datawiz.Domain.Reviews;
using Datawiz.Web.Components.Pages.Reviews;

namespace Datawiz.Web.Tests.Components;

public sealed class ReviewDecisionFormTests : MudBlazorTestContext
{
    private readonly List<ReviewDecisionRequest> decisions = [];

    private IRenderedComponent<ReviewDecisionForm> RenderForm() =>
        RenderMud<ReviewDecisionForm>(p => p.Add(f => f.OnDecide, (ReviewDecisionRequest request) => decisions.Add(request)));

    [Fact]
    public void Rejecting_without_a_comment_shows_why_and_sends_nothing()
    {
        var form = RenderForm();

        form.Find("[data-testid=review-reject]").Click();

        Assert.Contains(ReviewRules.RejectionNeedsComment, form.Markup, StringComparison.Ordinal);
        Assert.Empty(decisions);
    }

    [Fact]
    public void Rejecting_with_a_comment_sends_the_decision_and_the_comment()
    {
        var form = RenderForm();
        form.Find("[data-testid=review-reject]").Click();

        form.Find("textarea").Input("The code does not compile.");
        form.Find("[data-testid=review-reject]").Click();

        var decision = Assert.Single(decisions);
        Assert.Equal(ReviewDecision.Reject, decision.Decision);
        Assert.Equal("The code does not compile.", decision.Comment);
        Assert.DoesNotContain(ReviewRules.RejectionNeedsComment, form.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void Approving_needs_no_comment()
    {
        var form = RenderForm();

        form.Find("[data-testid=review-approve]").Click();

        var decision = Assert.Single(decisions);
        Assert.Equal(ReviewDecision.Approve, decision.Decision);
        Assert.Null(decision.Comment);
    }

    [Fact]
    public void The_buttons_are_disabled_while_a_decision_is_being_recorded()
    {
        var form = RenderMud<ReviewDecisionForm>(p => p.Add(f => f.Busy, true));

        Assert.True(form.Find("[data-testid=review-approve]").HasAttribute("disabled"));
        Assert.True(form.Find("[data-testid=review-reject]").HasAttribute("disabled"));
    }
}
