using Datawiz.Domain.Sensors;
using Datawiz.Domain.Variables;

namespace Datawiz.Web.Tests.SensorTypes;

/// <summary>Valid sensor type drafts that tests change in one place to see one refusal.</summary>
internal static class SensorTypeSamples
{
    public static SensorTypeDraft Draft(string? name = null) => new()
    {
        Name = name ?? $"Room climate {Guid.NewGuid():N}"[..30],
        Hardware = "ESP8266 + DHT22",
        Description = "Temperature and humidity every minute.",
        Fields =
        [
            new MeasuredField { Key = "temperature", Label = "Temperature", Unit = "°C" },
            new MeasuredField { Key = "humidity", Label = "Humidity", Unit = "%" },
        ],
        Variables =
        [
            new TemplateVariable { Key = "INTERVAL", Label = "Interval (s)", Type = VariableType.Int, DefaultValue = "60", Min = 5, Max = 3600 },
            new TemplateVariable { Key = "PIN", Label = "Data pin", Type = VariableType.Choice, Options = ["D1", "D2"], Required = true },
        ],
        CodeTemplates =
        [
            new CodeTemplate
            {
                FileName = "main.ino",
                Language = "cpp",
                Content = "const char* ssid = \"{{WIFI_SSID}}\";\nconst int pin = {{PIN}};\nconst long every = {{INTERVAL}} * 1000L;\nint grid[1][1] = {{0}};\n",
            },
        ],
    };
}
