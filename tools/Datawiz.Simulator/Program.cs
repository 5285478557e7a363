using System.CommandLine;
using Datawiz.Simulator.Commands;

namespace Datawiz.Simulator;

// An explicit class in a namespace: the test project also references the portal, whose Program is global.
internal static class Program
{
    private static async Task<int> Main(string[] args)
    {
        var root = new RootCommand(
            "Datawiz simulator: publishes realistic DHT11 readings (temperature and humidity) for many sensors to a Datawiz portal, " +
            "over MQTT or HTTP, with the sensors' real credentials.\n\n" +
            "  create  makes sensors for an existing account through the portal's own services and writes their credentials CSV\n" +
            "  run     publishes for the sensors of a credentials CSV (the portal's \"Download as CSV\", or what create wrote)")
        {
            CreateCommand.Build(),
            RunCommand.Build(),
        };
        return await root.Parse(args).InvokeAsync();
    }
}
