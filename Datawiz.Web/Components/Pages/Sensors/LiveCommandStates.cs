using Datawiz.Infrastructure.Sensors;
using Datawiz.Infrastructure.Telemetry;

namespace Datawiz.Web.Components.Pages.Sensors;

/// <summary>
/// The state each command's sensor last reported, fed by the stored latest readings (read when the page opens) and the
/// live feed (after each commit). The newer reading wins, so a late read never moves a state back.
/// </summary>
public sealed class LiveCommandStates
{
    private readonly Dictionary<string, SensorCommandState> byCommand = new(StringComparer.Ordinal);

    public SensorCommandState? Of(SensorCommandView command) => byCommand.GetValueOrDefault(command.Command.Name);

    public void Merge(IEnumerable<SensorCommandView> read)
    {
        foreach (var command in read)
        {
            if (command.State is { } state)
            {
                Keep(command.Command.Name, state);
            }
        }
    }

    /// <returns>Whether a state changed, so that the panel renders only then.</returns>
    public bool Apply(IEnumerable<SensorCommandView> commands, SensorUpdate update)
    {
        var changed = false;
        foreach (var command in commands.Where(c => c.Command.StateField.Length > 0))
        {
            // Named as the parser stored it: the type's field's spelling when it declares one, else as the device sent it.
            var values = update.Fields.FirstOrDefault(f => f.Key.Equals(command.Command.StateField, StringComparison.OrdinalIgnoreCase)).Value;
            if (values is { Count: > 0 })
            {
                var newest = values[^1];
                changed |= Keep(command.Command.Name, new SensorCommandState(command.Command.StateText(newest.Value), newest.Timestamp));
            }
        }
        return changed;
    }

    private bool Keep(string command, SensorCommandState state)
    {
        if (byCommand.TryGetValue(command, out var known) && known.At > state.At)
        {
            return false;
        }
        byCommand[command] = state;
        return true;
    }
}
