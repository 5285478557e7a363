using System.Text.RegularExpressions;
using Datawiz.Domain.Common;
using Datawiz.Domain.Variables;

namespace Datawiz.Domain.Sensors;

/// <summary>Checks a sensor type before it is saved: its texts, measured fields, code templates, variables and commands.</summary>
public static partial class SensorTypeRules
{
    public const int MaxFields = 50;
    public const int MaxCodeTemplates = 20;
    public const int UnitLength = 32;
    public const int LanguageLength = 32;

    /// <summary>
    /// Placeholders the code generator fills from the sensor's network, its MQTT credentials and its name,
    /// so templates may use them without declaring them.
    /// </summary>
    public static IReadOnlyList<string> BuiltInPlaceholders { get; } =
        ["WIFI_SSID", "WIFI_PASSWORD", "MQTT_HOST", "MQTT_PORT", "MQTT_USERNAME", "MQTT_PASSWORD", "MQTT_TOPIC", "SENSOR_NAME"];

    /// <returns>Every problem, each naming the field, file or variable it is about; empty when the draft can be saved.</returns>
    public static IReadOnlyList<string> Errors(SensorTypeDraft draft)
    {
        var errors = new List<string>();
        Add(errors, TextRules.NameError(draft.Name));
        Add(errors, TextRules.NameError(draft.Hardware, "Hardware", Limits.ShortTextLength));
        Add(errors, TextRules.MultiLineError(draft.Description, "Description", Limits.DescriptionLength));
        errors.AddRange(FieldErrors(draft.Fields));
        errors.AddRange(CodeTemplateErrors(draft.CodeTemplates));
        errors.AddRange(VariableRules.DefinitionErrors(draft.Variables));
        foreach (var variable in draft.Variables.Where(v => BuiltInPlaceholders.Contains(v.Key, StringComparer.OrdinalIgnoreCase)))
        {
            errors.Add($"The variable key '{variable.Key}' is filled in by Datawiz itself; choose another key.");
        }
        errors.AddRange(PlaceholderErrors(draft.CodeTemplates, draft.Variables));
        errors.AddRange(SensorCommandRules.Errors(draft.Commands));
        return errors;
    }

    public static IEnumerable<string> FieldErrors(IReadOnlyList<MeasuredField> fields)
    {
        if (fields.Count > MaxFields)
        {
            yield return $"At most {MaxFields} measured fields are allowed.";
        }
        foreach (var duplicate in fields.GroupBy(f => f.Key.Trim(), StringComparer.OrdinalIgnoreCase).Where(g => g.Key.Length > 0 && g.Count() > 1))
        {
            yield return $"The measured field key '{duplicate.Key}' is used more than once.";
        }
        foreach (var field in fields)
        {
            if (!VariableRules.IsValidKey(field.Key))
            {
                yield return $"The measured field key '{field.Key}' must start with a letter and contain only letters, digits and underscores (at most {Limits.KeyLength}).";
                continue;
            }
            if (TextRules.NameError(field.Label, $"The label of the measured field '{field.Key}'") is { } labelError)
            {
                yield return labelError;
            }
            if (TextRules.OptionalSingleLineError(field.Unit, $"The unit of the measured field '{field.Key}'", UnitLength) is { } unitError)
            {
                yield return unitError;
            }
        }
    }

    public static IEnumerable<string> CodeTemplateErrors(IReadOnlyList<CodeTemplate> templates)
    {
        if (templates.Count == 0)
        {
            yield return "Add at least one code template: it is what Datawiz generates for the device.";
        }
        if (templates.Count > MaxCodeTemplates)
        {
            yield return $"At most {MaxCodeTemplates} code templates are allowed.";
        }
        foreach (var duplicate in templates.GroupBy(t => t.FileName.Trim(), StringComparer.OrdinalIgnoreCase).Where(g => g.Key.Length > 0 && g.Count() > 1))
        {
            yield return $"The file name '{duplicate.Key}' is used by more than one code template.";
        }
        for (var i = 0; i < templates.Count; i++)
        {
            var template = templates[i];
            var name = template.FileName.Trim();
            if (name.Length == 0)
            {
                yield return $"Code template {i + 1} needs a file name.";
            }
            else if (name.Length > Limits.NameLength || !FileNamePattern().IsMatch(name))
            {
                yield return $"The file name '{name}' must be at most {Limits.NameLength} characters of letters, digits, dots, dashes and underscores, starting with a letter or digit.";
            }
            var which = name.Length == 0 ? $"code template {i + 1}" : $"'{name}'";
            if (string.IsNullOrWhiteSpace(template.Language))
            {
                yield return $"The language of {which} is required (e.g. cpp, python, yaml).";
            }
            else if (TextRules.SingleLineError(template.Language, $"The language of {which}", LanguageLength) is { } languageError)
            {
                yield return languageError;
            }
            if (string.IsNullOrWhiteSpace(template.Content))
            {
                yield return $"The content of {which} is empty.";
            }
            // Code: tabs and line breaks belong in it, NUL and direction controls (which can hide what it does) do not.
            else if (TextRules.MultiLineError(template.Content, $"The content of {which}", Limits.CodeTemplateLength) is { } contentError)
            {
                yield return contentError;
            }
        }
    }

    /// <summary>Each <c>{{KEY}}</c> in the code must be a declared variable or a built-in, or the generated code would keep it verbatim.</summary>
    public static IEnumerable<string> PlaceholderErrors(IReadOnlyList<CodeTemplate> templates, IReadOnlyList<TemplateVariable> variables)
    {
        var known = new HashSet<string>(BuiltInPlaceholders, StringComparer.Ordinal);
        known.UnionWith(variables.Select(v => v.Key.Trim()));
        foreach (var template in templates)
        {
            // Only key-shaped names count, so C-style nested braces such as "{{0}}" in device code are left alone.
            foreach (var unknown in Placeholders.Scan(template.Content).Keys.Where(p => !known.Contains(p)))
            {
                yield return $"The code template '{template.FileName.Trim()}' uses the placeholder {{{{{unknown}}}}}, which is neither a declared variable nor a built-in ({string.Join(", ", BuiltInPlaceholders)}). Declare a variable '{unknown}' or fix the placeholder.";
            }
        }
    }

    private static void Add(List<string> errors, string? error)
    {
        if (error is not null)
        {
            errors.Add(error);
        }
    }


    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._-]*$")]
    private static partial Regex FileNamePattern();
}
