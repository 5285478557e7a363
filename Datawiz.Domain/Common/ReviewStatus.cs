namespace Datawiz.Domain.Common;

/// <summary>Where a submitted sensor type or application template stands. Only approved ones are offered to others.</summary>
public enum ReviewStatus
{
    Draft,
    Submitted,
    Approved,
    Rejected,

    /// <summary>Still works for what uses it, but no longer offered for new use.</summary>
    Deprecated,
}

/// <summary>
/// Which review states are in the shared catalogue. Names are unique there, because people pick types and
/// templates by name; an item still private to its submitter only needs a name unique among that person's
/// own, so that trying a name never tells anyone what another user has drafted.
/// </summary>
public static class Catalogue
{
    public static IReadOnlyList<ReviewStatus> Statuses { get; } = [ReviewStatus.Approved, ReviewStatus.Deprecated];

    /// <summary>The same rule for filtered unique indexes, in SQL both providers read (the status is stored as text).</summary>
    public const string SqlFilter = "\"Status\" IN ('Approved', 'Deprecated')";

    public const string PrivateSqlFilter = "\"Status\" NOT IN ('Approved', 'Deprecated')";

    public static bool Contains(ReviewStatus status) => status is ReviewStatus.Approved or ReviewStatus.Deprecated;
}
