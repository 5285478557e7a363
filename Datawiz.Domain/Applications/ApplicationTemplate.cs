using Datawiz.Domain.Reviews;
using Datawiz.Domain.Variables;

namespace Datawiz.Domain.Applications;

public enum ApplicationCategory
{
    Input,
    Flow,
    Storage,
    Analytics,
    Output,
}

/// <summary>An application users can start (Node-RED, a database, …): Kubernetes manifests with variables.</summary>
public sealed class ApplicationTemplate
{
    public Guid Id { get; set; }

    public string Name { get; set; } = "";

    public ApplicationCategory Category { get; set; }

    public string? Description { get; set; }

    public string Version { get; set; } = "1.0";

    /// <summary>YAML with <c>{{KEY}}</c> placeholders, rendered per user application.</summary>
    public string ManifestTemplate { get; set; } = "";

    public List<TemplateVariable> Variables { get; set; } = [];

    /// <summary>CPU the application asks for, in millicores.</summary>
    public int CpuMillicores { get; set; } = 100;

    public int MemoryMiB { get; set; } = 128;

    public ReviewState Review { get; set; } = new();

    public DateTimeOffset CreatedAt { get; set; }
    /// <summary>
    /// Renewed by every write of the item; an edit names the stamp it was loaded with, so a form opened
    /// before someone else's save is refused instead of overwriting that save.
    /// </summary>
    public Guid ConcurrencyStamp { get; set; }
}

/// <summary>A remark on a template, by any user; its author edits and deletes it, admins delete any.</summary>
public sealed class TemplateComment
{
    public Guid Id { get; set; }

    public Guid TemplateId { get; set; }

    public Guid AuthorId { get; set; }

    public string Text { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? EditedAt { get; set; }
}
