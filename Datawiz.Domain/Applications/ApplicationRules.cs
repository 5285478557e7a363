using System.Text.RegularExpressions;
using Datawiz.Domain.Common;
using Datawiz.Domain.UserClasses;
using Datawiz.Domain.Variables;

namespace Datawiz.Domain.Applications;

/// <summary>Checks on application templates, user applications and comments, with messages a person can act on.</summary>
public static partial class ApplicationRules
{
    public const int MinCpuMillicores = 10;
    public const int MaxCpuMillicores = 64_000;
    public const int MinMemoryMiB = 16;
    public const int MaxMemoryMiB = 262_144;
    public const int VersionLength = 32;
    public const int ApplicationNameLength = 40;

    /// <summary>Placeholders the provisioner fills for every application, so templates may use them without declaring them.</summary>
    public static IReadOnlyList<string> BuiltInPlaceholders { get; } = ["NAMESPACE", "APP_NAME", "USER_ID"];

    /// <returns>Every problem with the template's own fields; an empty list when it may be saved.</returns>
    public static IReadOnlyList<string> TemplateErrors(ApplicationTemplate template)
    {
        var errors = new List<string>();
        void Add(string? error)
        {
            if (error is not null)
            {
                errors.Add(error);
            }
        }
        Add(TextRules.NameError(template.Name));
        Add(VersionError(template.Version));
        Add(TextRules.MultiLineError(template.Description, "Description", Limits.DescriptionLength));
        if (!Enum.IsDefined(template.Category))
        {
            errors.Add("Choose a category.");
        }
        errors.AddRange(ResourceErrors(template.CpuMillicores, template.MemoryMiB));
        errors.AddRange(VariableRules.DefinitionErrors(template.Variables));
        foreach (var reserved in template.Variables.Where(v => BuiltInPlaceholders.Contains(v.Key, StringComparer.OrdinalIgnoreCase)))
        {
            errors.Add($"The variable key '{reserved.Key}' is reserved: the portal supplies it to every application.");
        }
        errors.AddRange(ManifestErrors(template.ManifestTemplate, template.Variables));
        return errors;
    }

    /// <summary>A version such as 1.0, 2.3.1 or 1.0-beta: numbers separated by dots, with an optional suffix.</summary>
    public static string? VersionError(string? version)
    {
        var trimmed = version?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            return "Version is required.";
        }
        return trimmed.Length <= VersionLength && VersionPattern().IsMatch(trimmed)
            ? null
            : $"Version '{trimmed}' is not valid: use numbers separated by dots, like 1.0 or 2.3.1, optionally followed by a suffix like -beta (at most {VersionLength} characters).";
    }

    public static IEnumerable<string> ResourceErrors(int cpuMillicores, int memoryMiB)
    {
        if (cpuMillicores is < MinCpuMillicores or > MaxCpuMillicores)
        {
            yield return $"CPU must be between {MinCpuMillicores} and {MaxCpuMillicores} millicores (1000 millicores = one core).";
        }
        if (memoryMiB is < MinMemoryMiB or > MaxMemoryMiB)
        {
            yield return $"Memory must be between {MinMemoryMiB} and {MaxMemoryMiB} MiB.";
        }
    }

    /// <summary>
    /// The manifest is required and bounded, indents with spaces (YAML forbids tabs there), and every
    /// <c>{{KEY}}</c> placeholder names a declared variable or a built-in, so rendering can never leave one unfilled.
    /// </summary>
    public static IReadOnlyList<string> ManifestErrors(string? manifest, IReadOnlyList<TemplateVariable> variables)
    {
        if (string.IsNullOrWhiteSpace(manifest))
        {
            return ["The manifest template is required."];
        }
        // Code, so tabs and line breaks are allowed (indentation is checked below), NUL and direction controls are not.
        if (TextRules.MultiLineError(manifest, "The manifest template", Limits.ManifestLength) is { } textError)
        {
            return [textError];
        }
        var errors = new List<string>();
        var lines = manifest.Split('\n');
        var tabbed = Enumerable.Range(0, lines.Length).FirstOrDefault(i => lines[i].TrimStart(' ').StartsWith('\t'), -1);
        if (tabbed >= 0)
        {
            errors.Add($"Line {tabbed + 1} of the manifest is indented with a tab; YAML only allows spaces for indentation.");
        }
        var (placeholders, malformed) = Placeholders.Scan(manifest);
        foreach (var placeholder in placeholders)
        {
            var known = variables.Any(v => string.Equals(v.Key, placeholder, StringComparison.Ordinal))
                        || BuiltInPlaceholders.Contains(placeholder, StringComparer.Ordinal);
            if (!known)
            {
                errors.Add($"The manifest uses {{{{{placeholder}}}}}, which is neither a declared variable nor one the portal supplies ({string.Join(", ", BuiltInPlaceholders)}).");
            }
        }
        foreach (var bad in malformed)
        {
            errors.Add($"The manifest contains '{bad}', which is not a valid placeholder: use {{{{KEY}}}} with letters, digits and underscores.");
        }
        return errors;
    }

    /// <summary>
    /// An application's name becomes part of Kubernetes object names, so it follows DNS label rules:
    /// lower-case letters, digits and '-', starting and ending with a letter or digit.
    /// </summary>
    public static string? ApplicationNameError(string? name)
    {
        var trimmed = name?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            return "Name is required.";
        }
        if (trimmed.Length > ApplicationNameLength)
        {
            return $"Name must be at most {ApplicationNameLength} characters.";
        }
        return ApplicationNamePattern().IsMatch(trimmed)
            ? null
            : "Name may contain only lower-case letters, digits and '-', and must start and end with a letter or digit (e.g. my-node-red).";
    }

    /// <returns>Why the template asks for more than the user class allows one application, or nothing.</returns>
    public static IEnumerable<string> ResourceLimitErrors(UserClass userClass, ApplicationTemplate template)
    {
        if (template.CpuMillicores > userClass.CpuMillicoresPerApplication)
        {
            yield return $"'{template.Name}' asks for {template.CpuMillicores} millicores of CPU; your user class '{userClass.Name}' allows at most {userClass.CpuMillicoresPerApplication} per application.";
        }
        if (template.MemoryMiB > userClass.MemoryMiBPerApplication)
        {
            yield return $"'{template.Name}' asks for {template.MemoryMiB} MiB of memory; your user class '{userClass.Name}' allows at most {userClass.MemoryMiBPerApplication} MiB per application.";
        }
    }

    public static string? CommentError(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return "The comment is empty.";
        }
        return TextRules.MultiLineError(text.Trim(), "The comment", Limits.CommentLength);
    }

    [GeneratedRegex(@"^\d+(\.\d+){0,3}([-+][0-9A-Za-z.-]+)?$")]
    private static partial Regex VersionPattern();

    [GeneratedRegex("^[a-z0-9]([a-z0-9-]*[a-z0-9])?$")]
    private static partial Regex ApplicationNamePattern();
}
