using System.Globalization;
using System.Text.RegularExpressions;
using Datawiz.Domain.Common;

namespace Datawiz.Domain.Variables;

/// <summary>Checks variable definitions (what an admin or submitter declares) and values (what users type).</summary>
public static partial class VariableRules
{
    public const int MaxVariables = 50;

    /// <returns>Every problem, each naming the variable it is about.</returns>
    public static IReadOnlyList<string> DefinitionErrors(IReadOnlyList<TemplateVariable> variables)
    {
        var errors = new List<string>();
        if (variables.Count > MaxVariables)
        {
            errors.Add($"At most {MaxVariables} variables are allowed.");
        }
        foreach (var duplicate in variables.GroupBy(v => v.Key, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
        {
            errors.Add($"The variable key '{duplicate.Key}' is used more than once.");
        }
        foreach (var variable in variables)
        {
            errors.AddRange(DefinitionErrors(variable));
        }
        return errors;
    }

    private static IEnumerable<string> DefinitionErrors(TemplateVariable variable)
    {
        if (!IsValidKey(variable.Key))
        {
            yield return $"The variable key '{variable.Key}' must start with a letter and contain only letters, digits and underscores (at most {Limits.KeyLength}).";
            yield break;
        }
        if (TextRules.NameError(variable.Label, $"The label of '{variable.Key}'") is { } labelError)
        {
            yield return labelError;
        }
        if (variable.Min is { } min && variable.Max is { } max && min > max)
        {
            yield return $"The range of '{variable.Key}' is empty: its minimum {Format(min)} is above its maximum {Format(max)}.";
        }
        if (variable.Type == VariableType.Choice)
        {
            var options = variable.Options.Select(o => o.Trim()).ToList();
            if (options.Count == 0 || options.Any(string.IsNullOrEmpty))
            {
                yield return $"The choice '{variable.Key}' needs at least one option, and no option may be empty.";
            }
            else if (options.Distinct(StringComparer.Ordinal).Count() != options.Count)
            {
                yield return $"The choice '{variable.Key}' lists an option twice.";
            }
            foreach (var option in options)
            {
                if (TextRules.SingleLineCharactersError(option, $"The option '{option}' of '{variable.Key}'") is { } optionError)
                {
                    yield return optionError;
                }
            }
        }
        if (variable.Type == VariableType.Secret && !string.IsNullOrEmpty(variable.DefaultValue))
        {
            yield return $"The secret '{variable.Key}' cannot have a default value: it would be visible to everyone.";
        }
        else if (!string.IsNullOrEmpty(variable.DefaultValue) && ValueError(variable, variable.DefaultValue) is { } defaultError)
        {
            yield return $"The default value of '{variable.Key}' is not valid: {defaultError}";
        }
    }

    /// <summary>A key names a value in templates: a letter, then letters, digits and underscores.</summary>
    public static bool IsValidKey(string key) => KeyPattern().IsMatch(key);

    /// <summary>
    /// Checks the values typed for <paramref name="variables"/> and returns them normalised (trimmed, numbers
    /// in invariant form, booleans as true/false, missing optional values filled with the defaults).
    /// </summary>
    public static Outcome<IReadOnlyList<VariableValue>> Validate(IReadOnlyList<TemplateVariable> variables, IReadOnlyDictionary<string, string?> values)
    {
        var errors = new List<string>();
        var accepted = new List<VariableValue>();
        foreach (var unknown in values.Keys.Where(key => !variables.Any(v => string.Equals(v.Key, key, StringComparison.Ordinal))))
        {
            errors.Add($"'{unknown}' is not a variable of this template.");
        }
        foreach (var variable in variables)
        {
            var given = values.GetValueOrDefault(variable.Key);
            var value = string.IsNullOrWhiteSpace(given) ? variable.DefaultValue : given.Trim();
            if (string.IsNullOrEmpty(value))
            {
                if (variable.Required)
                {
                    errors.Add($"{variable.Label} is required.");
                }
                continue;
            }
            if (ValueError(variable, value) is { } error)
            {
                errors.Add($"{variable.Label}: {error}");
                continue;
            }
            accepted.Add(new VariableValue { Key = variable.Key, Value = Normalise(variable.Type, value) });
        }
        return errors.Count == 0 ? Outcome<IReadOnlyList<VariableValue>>.Success(accepted) : Outcome<IReadOnlyList<VariableValue>>.Invalid(errors);
    }

    /// <returns>Why <paramref name="value"/> is not valid for <paramref name="variable"/>, or null.</returns>
    public static string? ValueError(TemplateVariable variable, string value)
    {
        if (value.Length > Limits.ValueLength)
        {
            return $"must be at most {Limits.ValueLength} characters.";
        }
        switch (variable.Type)
        {
            case VariableType.Int:
                if (!long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var integer))
                {
                    return $"'{value}' is not a whole number.";
                }
                return RangeError(variable, integer);
            case VariableType.Float:
                if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) || !double.IsFinite(number))
                {
                    return $"'{value}' is not a number (use a dot for decimals).";
                }
                return RangeError(variable, number);
            case VariableType.Bool:
                return bool.TryParse(value, out _) ? null : $"'{value}' is not true or false.";
            case VariableType.Choice:
                return variable.Options.Contains(value, StringComparer.Ordinal)
                    ? null
                    : $"'{value}' is not one of the options ({string.Join(", ", variable.Options)}).";
            default:
                if (TextRules.SingleLineCharactersError(value, "") is { } characters)
                {
                    return characters;
                }
                return variable.Min is { } minLength && value.Length < minLength ? $"must be at least {Format(minLength)} characters."
                    : variable.Max is { } maxLength && value.Length > maxLength ? $"must be at most {Format(maxLength)} characters."
                    : null;
        }
    }

    private static string? RangeError(TemplateVariable variable, double value) =>
        variable.Min is { } min && value < min ? $"must be at least {Format(min)}."
        : variable.Max is { } max && value > max ? $"must be at most {Format(max)}."
        : null;

    private static string Normalise(VariableType type, string value) => type switch
    {
        VariableType.Int => long.Parse(value, NumberStyles.Integer, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture),
        VariableType.Float => double.Parse(value, NumberStyles.Float, CultureInfo.InvariantCulture).ToString("R", CultureInfo.InvariantCulture),
        VariableType.Bool => bool.Parse(value) ? "true" : "false",
        _ => value,
    };

    private static string Format(double value) => value.ToString("G", CultureInfo.InvariantCulture);

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_]{0,63}$")]
    private static partial Regex KeyPattern();
}
