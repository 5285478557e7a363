using Datawiz.Domain.Variables;

namespace Datawiz.Domain.Sensors;

/// <summary>
/// What a person edits when creating or changing a sensor type: everything but its review state, which
/// only the portal sets. The editor binds to it and the rules check it, so both agree on every message.
/// </summary>
public sealed class SensorTypeDraft
{
    public string Name { get; set; } = "";

    public string Hardware { get; set; } = "";

    public string? Description { get; set; }

    public List<MeasuredField> Fields { get; set; } = [];

    public List<CodeTemplate> CodeTemplates { get; set; } = [];

    public List<TemplateVariable> Variables { get; set; } = [];

    public List<SensorCommand> Commands { get; set; } = [];

    /// <summary>An editable copy: changing the draft never changes <paramref name="type"/> until it is saved.</summary>
    public static SensorTypeDraft From(SensorType type) => new()
    {
        Name = type.Name,
        Hardware = type.Hardware,
        Description = type.Description,
        Fields = type.Fields.Select(f => new MeasuredField { Key = f.Key, Label = f.Label, Unit = f.Unit }).ToList(),
        CodeTemplates = type.CodeTemplates.Select(t => new CodeTemplate { FileName = t.FileName, Language = t.Language, Content = t.Content }).ToList(),
        Variables = type.Variables.Select(Copy).ToList(),
        Commands = type.Commands.Select(c => c.Copy()).ToList(),
    };

    /// <summary>The draft with surrounding blanks removed from every name, key and label (code is kept exactly as typed).</summary>
    public SensorTypeDraft Normalised() => new()
    {
        Name = Name.Trim(),
        Hardware = Hardware.Trim(),
        Description = string.IsNullOrWhiteSpace(Description) ? null : Description.Trim(),
        Fields = Fields.Select(f => new MeasuredField { Key = f.Key.Trim(), Label = f.Label.Trim(), Unit = f.Unit.Trim() }).ToList(),
        CodeTemplates = CodeTemplates.Select(t => new CodeTemplate { FileName = t.FileName.Trim(), Language = t.Language.Trim(), Content = t.Content }).ToList(),
        Variables = Variables.Select(v =>
        {
            var copy = Copy(v);
            copy.Key = copy.Key.Trim();
            copy.Label = copy.Label.Trim();
            copy.DefaultValue = string.IsNullOrWhiteSpace(copy.DefaultValue) ? null : copy.DefaultValue.Trim();
            copy.Options = copy.Options.Select(o => o.Trim()).ToList();
            return copy;
        }).ToList(),
        Commands = Commands.Select(c => new SensorCommand
        {
            Name = c.Name.Trim(),
            Label = c.Label.Trim(),
            Payloads = c.Payloads.Select(p => p.Trim()).ToList(),
            StateField = c.StateField.Trim(),
        }).ToList(),
    };

    /// <summary>Copies the draft's content onto <paramref name="type"/>, leaving its id and review state alone.</summary>
    public void ApplyTo(SensorType type)
    {
        type.Name = Name;
        type.Hardware = Hardware;
        type.Description = Description;
        type.Fields = Fields;
        type.CodeTemplates = CodeTemplates;
        type.Variables = Variables;
        type.Commands = Commands;
    }

    private static TemplateVariable Copy(TemplateVariable v) => new()
    {
        Key = v.Key,
        Label = v.Label,
        Type = v.Type,
        DefaultValue = v.DefaultValue,
        Required = v.Required,
        Min = v.Min,
        Max = v.Max,
        Options = [.. v.Options],
    };
}
