using System.Text.RegularExpressions;
using Datawiz.Domain.Common;
using Datawiz.Domain.Variables;

namespace Datawiz.Domain.Sensors;

/// <summary>
/// Checks a type's commands. A name becomes a topic level, so it is letters, digits and underscores only: never a
/// wildcard (<c>+</c>, <c>#</c>), a level separator, <c>$</c> or a space. Payloads are kept to the same safe, visible
/// characters (and a few that values need: <c>. , : -</c>), so a button's text is exactly what the device receives.
/// </summary>
public static partial class SensorCommandRules
{
    public const int MaxCommands = 10;
    public const int MaxPayloads = 10;
    public const int NameLength = 32;
    public const int PayloadLength = 32;

    public static IEnumerable<string> Errors(IReadOnlyList<SensorCommand> commands)
    {
        if (commands.Count > MaxCommands)
        {
            yield return $"At most {MaxCommands} commands are allowed.";
        }
        foreach (var duplicate in commands.GroupBy(c => c.Name.Trim(), StringComparer.OrdinalIgnoreCase).Where(g => g.Key.Length > 0 && g.Count() > 1))
        {
            yield return $"The command '{duplicate.Key}' is declared more than once.";
        }
        for (var i = 0; i < commands.Count; i++)
        {
            foreach (var error in Errors(commands[i], i))
            {
                yield return error;
            }
        }
    }

    private static IEnumerable<string> Errors(SensorCommand command, int index)
    {
        var name = command.Name.Trim();
        if (name.Length == 0)
        {
            yield return $"Command {index + 1} needs a name, e.g. POWER.";
            yield break;
        }
        if (!NamePattern().IsMatch(name))
        {
            yield return $"The command name '{name}' must start with a letter and contain only letters, digits and underscores (at most {NameLength}): it becomes a topic level, cmnd/{{name}}.";
            yield break;
        }
        if (TextRules.OptionalSingleLineError(command.Label, $"The label of the command '{name}'", Limits.NameLength) is { } labelError)
        {
            yield return labelError;
        }
        var payloads = command.Payloads.Select(p => p.Trim()).ToList();
        if (payloads.Count == 0)
        {
            yield return $"The command '{name}' needs at least one payload, e.g. ON, OFF, TOGGLE.";
        }
        if (payloads.Count > MaxPayloads)
        {
            yield return $"The command '{name}' may take at most {MaxPayloads} payloads.";
        }
        foreach (var payload in payloads.Where(p => !PayloadPattern().IsMatch(p)))
        {
            yield return payload.Length == 0
                ? $"A payload of the command '{name}' is empty."
                : $"The payload '{payload}' of the command '{name}' must be at most {PayloadLength} letters, digits, dots, commas, colons, dashes or underscores.";
        }
        foreach (var duplicate in payloads.GroupBy(p => p, StringComparer.OrdinalIgnoreCase).Where(g => g.Key.Length > 0 && g.Count() > 1))
        {
            yield return $"The command '{name}' lists the payload '{duplicate.Key}' more than once.";
        }
        var state = command.StateField.Trim();
        if (state.Length > 0 && !VariableRules.IsValidKey(state))
        {
            yield return $"The state field '{state}' of the command '{name}' must start with a letter and contain only letters, digits and underscores (at most {Limits.KeyLength}).";
        }
    }

    /// <summary>The command of <paramref name="commands"/> that <paramref name="name"/> names (upper or lower case alike), or null.</summary>
    public static SensorCommand? Find(IEnumerable<SensorCommand> commands, string? name) =>
        name is null ? null : commands.FirstOrDefault(c => c.Name.Equals(name.Trim(), StringComparison.OrdinalIgnoreCase));

    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9_]{0,31}$")]
    private static partial Regex NamePattern();

    [GeneratedRegex(@"^[A-Za-z0-9_.,:-]{1,32}$")]
    private static partial Regex PayloadPattern();
}
