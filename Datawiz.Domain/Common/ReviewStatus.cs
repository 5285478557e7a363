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
