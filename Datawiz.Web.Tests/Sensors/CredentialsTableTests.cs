using Bunit;
using Datawiz.Infrastructure.Sensors;
using Datawiz.Web.Components.Pages.Sensors;
using Datawiz.Web.Tests.Components;

namespace Datawiz.Web.Tests.Sensors;

public sealed class CredentialsTableTests : MudBlazorTestContext
{
    [Fact]
    public void The_downloaded_CSV_writes_a_formula_like_sensor_name_as_text()
    {
        var clipboard = JSInterop.SetupModule("./js/clipboard.js");
        clipboard.SetupVoid("downloadText", _ => true).SetVoidResult();
        var table = RenderMud<CredentialsTable>(p => p.Add(t => t.Credentials,
        [
            new IssuedCredentials(Guid.NewGuid(), "=HYPERLINK(\"http://evil.test\",\"Click\")", "s-aaaaaaaaaaaa", "pw-1", "users/1/sensors/s-aaaaaaaaaaaa"),
            new IssuedCredentials(Guid.NewGuid(), "Kitchen", "s-bbbbbbbbbbbb", "pw-2", "users/1/sensors/s-bbbbbbbbbbbb"),
        ]));

        table.Find("button[data-testid=download-credentials]").Click();

        table.WaitForAssertion(() => clipboard.VerifyInvoke("downloadText"));
        var download = clipboard.VerifyInvoke("downloadText");
        Assert.Equal("sensor-credentials.csv", download.Arguments[0]);
        Assert.Equal(
            "name,username,password,topic\r\n" +
            "\"'=HYPERLINK(\"\"http://evil.test\"\",\"\"Click\"\")\",s-aaaaaaaaaaaa,pw-1,users/1/sensors/s-aaaaaaaaaaaa\r\n" +
            "Kitchen,s-bbbbbbbbbbbb,pw-2,users/1/sensors/s-bbbbbbbbbbbb\r\n",
            download.Arguments[1]);
    }
}
