using Datawiz.Domain.Variables;

namespace Datawiz.Domain.Applications;

public enum UserApplicationStatus
{
    Pending,
    Provisioning,
    Running,
    Failed,
    Deleting,
}

/// <summary>A user's instance of an approved template, with the values for its variables.</summary>
public sealed class UserApplication
{
    public Guid Id { get; set; }

    public Guid OwnerId { get; set; }

    public Guid TemplateId { get; set; }

    public string Name { get; set; } = "";

    public List<VariableValue> Values { get; set; } = [];

    public UserApplicationStatus Status { get; set; }

    public string? Namespace { get; set; }

    public string? Url { get; set; }

    public string? LastError { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}
