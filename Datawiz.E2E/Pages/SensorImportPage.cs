using System.Text;

namespace Datawiz.E2E.Pages;

/// <summary>Sensors → Import CSV: uploads a file and shows the imported sensors' credentials once.</summary>
public sealed class SensorImportPage(IPage page)
{
    public ILocator Success => page.Locator("[data-testid=import-success]");

    public ILocator Errors => page.Locator("[data-testid=import-errors]");

    public ILocator CredentialRows => page.Locator("[data-testid=credentials-table] tbody tr");

    public async Task OpenAsync()
    {
        await page.Locator("[data-testid=sensors-import]").ClickAsync();
        await page.WaitForURLAsync("**/sensors/import");
        await new Shell(page).WaitUntilInteractiveAsync();
    }

    private const string Input = "input[type=file][data-testid=import-upload]";

    /// <summary>Hands the file to the upload's (hidden) file input, as choosing it in the picker would.</summary>
    public async Task UploadAsync(string fileName, string csv)
    {
        // Blazor's InputFile listens for a chosen file only once its script has set the input up (it marks the element
        // then), after the page's first interactive render; on a loaded machine a file handed over before is lost.
        await page.WaitForFunctionAsync($"() => document.querySelector('{Input}')?._blazorInputFileNextFileId !== undefined");
        await page.Locator(Input).SetInputFilesAsync(new FilePayload
        {
            Name = fileName,
            MimeType = "text/csv",
            Buffer = Encoding.UTF8.GetBytes(csv),
        });
    }

    public ILocator RowOf(string sensorName) => CredentialRows.Filter(new() { HasText = sensorName });
}
