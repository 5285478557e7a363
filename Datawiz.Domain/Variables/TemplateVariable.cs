using System.Diagnostics.CodeAnalysis;

namespace Datawiz.Domain.Variables;

[SuppressMessage("Naming", "CA1720:Identifier contains type name", Justification = "These are the type names people see and write in CSV files.")]
public enum VariableType
{
    String,
    Int,
    Float,
    Bool,

    /// <summary>A string never shown back after it is saved and kept encrypted (e.g. an API key).</summary>
    Secret,

    /// <summary>One of <see cref="TemplateVariable.Options"/>.</summary>
    Choice,
}

/// <summary>A value a sensor type's code or an application's manifest needs from the person using it.</summary>
public sealed class TemplateVariable
{
    /// <summary>The placeholder name in templates: letters, digits and underscores, starting with a letter.</summary>
    public string Key { get; set; } = "";

    public string Label { get; set; } = "";

    public VariableType Type { get; set; }

    public string? DefaultValue { get; set; }

    public bool Required { get; set; }

    /// <summary>Inclusive bounds for Int and Float; the length bounds for String and Secret.</summary>
    public double? Min { get; set; }

    public double? Max { get; set; }

    public List<string> Options { get; set; } = [];
}

/// <summary>A value a person gave for a <see cref="TemplateVariable"/>; secret values are stored encrypted.</summary>
public sealed class VariableValue
{
    public string Key { get; set; } = "";

    public string Value { get; set; } = "";
}
