using Datawiz.Domain.Sensors;
using Datawiz.Infrastructure.Broker;
using Datawiz.Infrastructure.Telemetry;
using Datawiz.Web.Components.Shared;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Options;

namespace Datawiz.Web.Components.Pages.Help;

/// <summary>
/// The base of the help pages: their examples use this portal's real addresses and limits and the reader's own
/// topic prefix, so that what is shown can be copied and run as it is.
/// </summary>
public abstract class HelpPage : DatawizPage
{
    [Inject] private NavigationManager Navigation { get; set; } = default!;

    [Inject] private IOptions<MqttOptions> MqttSettings { get; set; } = default!;

    [Inject] private IOptions<TelemetryOptions> TelemetrySettings { get; set; } = default!;

    // The broker's listener is registered only when the broker is on, so it is looked up rather than injected.
    [Inject] private IServiceProvider Services { get; set; } = default!;

    protected BrokerAddress Broker { get; private set; } = default!;

    protected TelemetryOptions Telemetry => TelemetrySettings.Value;

    protected MqttOptions Mqtt => MqttSettings.Value;

    /// <summary>The reader's prefix; his sensors' topics are <c>{prefix}/sensors/{username}</c>.</summary>
    protected string OwnPrefix => TopicScheme.UserPrefix(Actor.UserId);

    protected override void OnInitialized()
    {
        Broker = BrokerAddress.Of(new Uri(Navigation.BaseUri), MqttSettings.Value, Services.GetService<MqttTcpEndpoint>());
        base.OnInitialized();
    }
}
