using Datawiz.Domain.Applications;
using Datawiz.Domain.Common;
using Datawiz.Domain.Variables;

namespace Datawiz.Infrastructure.Applications;

/// <summary>What a person fills in to create or edit a template.</summary>
public sealed record TemplateInput(
    string Name,
    ApplicationCategory Category,
    string? Description,
    string Version,
    string ManifestTemplate,
    IReadOnlyList<TemplateVariable> Variables,
    int CpuMillicores,
    int MemoryMiB,
    ReviewStatus? Status = null);

public sealed record TemplateQuery(string? Search, ApplicationCategory? Category, ReviewStatus? Status, int Page, int PageSize);

public sealed record TemplateSummary(
    Guid Id, string Name, string Version, ApplicationCategory Category, ReviewStatus Status, int CpuMillicores, int MemoryMiB, bool IsMine);

/// <summary>A template as its detail page shows it, with what the actor may do; people are named as <see cref="Accounts.PersonName"/> says.</summary>
public sealed record TemplateDetail(
    ApplicationTemplate Template,
    string? SubmittedBy,
    string? ReviewedBy,
    int ApplicationCount,
    int CommentCount,
    bool CanEdit,
    bool CanSubmit,
    bool CanDeprecate,
    bool CanDelete,
    bool CanStartFrom);
