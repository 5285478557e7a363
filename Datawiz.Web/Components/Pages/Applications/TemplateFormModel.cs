using Datawiz.Domain.Applications;
using Datawiz.Domain.Common;
using Datawiz.Domain.Variables;
using Datawiz.Infrastructure.Applications;

namespace Datawiz.Web.Components.Pages.Applications;

/// <summary>What the template editor binds to; turned into a <see cref="TemplateInput"/> when saved.</summary>
public sealed class TemplateFormModel
{
    public string Name { get; set; } = "";

    public ApplicationCategory Category { get; set; } = ApplicationCategory.Flow;

    public string? Description { get; set; }

    public string Version { get; set; } = "1.0";

    public string ManifestTemplate { get; set; } = "";

    public int CpuMillicores { get; set; } = 100;

    public int MemoryMiB { get; set; } = 128;

    /// <summary>Only used when an administrator saves: Draft or Approved (or the status it has). A new one is
    /// approved unless he says otherwise, like his sensor types.</summary>
    public ReviewStatus Status { get; set; } = ReviewStatus.Approved;

    public List<VariableRow> Variables { get; set; } = [];

    public static TemplateFormModel From(ApplicationTemplate template) => new()
    {
        Name = template.Name,
        Category = template.Category,
        Description = template.Description,
        Version = template.Version,
        ManifestTemplate = template.ManifestTemplate,
        CpuMillicores = template.CpuMillicores,
        MemoryMiB = template.MemoryMiB,
        Status = template.Review.Status,
        Variables = template.Variables.Select(VariableRow.From).ToList(),
    };

    public TemplateInput ToInput(bool includeStatus) => new(
        Name, Category, Description, Version, ManifestTemplate,
        Variables.Select(v => v.ToVariable()).ToList(), CpuMillicores, MemoryMiB,
        includeStatus ? Status : null);

    /// <summary>The template as it would be saved, for running the same rules the server runs.</summary>
    public ApplicationTemplate ToTemplate() => new()
    {
        Name = Name.Trim(),
        Category = Category,
        Description = Description,
        Version = Version.Trim(),
        ManifestTemplate = ManifestTemplate,
        CpuMillicores = CpuMillicores,
        MemoryMiB = MemoryMiB,
        Variables = Variables.Select(v => v.ToVariable()).ToList(),
    };
}

public sealed class VariableRow
{
    public string Key { get; set; } = "";

    public string Label { get; set; } = "";

    public VariableType Type { get; set; } = VariableType.String;

    public string? DefaultValue { get; set; }

    public bool Required { get; set; }

    public double? Min { get; set; }

    public double? Max { get; set; }

    /// <summary>Choice options, separated by commas.</summary>
    public string? Options { get; set; }

    public static VariableRow From(TemplateVariable variable) => new()
    {
        Key = variable.Key,
        Label = variable.Label,
        Type = variable.Type,
        DefaultValue = variable.DefaultValue,
        Required = variable.Required,
        Min = variable.Min,
        Max = variable.Max,
        Options = string.Join(", ", variable.Options),
    };

    public TemplateVariable ToVariable() => new()
    {
        Key = Key.Trim(),
        Label = Label.Trim(),
        Type = Type,
        DefaultValue = string.IsNullOrWhiteSpace(DefaultValue) ? null : DefaultValue.Trim(),
        Required = Required,
        Min = Min,
        Max = Max,
        Options = Type == VariableType.Choice
            ? (Options ?? "").Split(',').Select(o => o.Trim()).ToList()
            : [],
    };
}
