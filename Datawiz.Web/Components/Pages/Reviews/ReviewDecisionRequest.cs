using Datawiz.Domain.Reviews;

namespace Datawiz.Web.Components.Pages.Reviews;

/// <summary>What the decision form hands to its page: the decision and the comment as typed.</summary>
public sealed record ReviewDecisionRequest(ReviewDecision Decision, string? Comment);
