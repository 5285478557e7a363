using MudBlazor;

namespace Datawiz.Web.Components.Layout;

public static class DatawizTheme
{
    public static MudTheme Theme { get; } = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#00695c",
            Secondary = "#5c6bc0",
            AppbarBackground = "#00695c",
        },
        PaletteDark = new PaletteDark
        {
            Primary = "#4db6ac",
            Secondary = "#9fa8da",
        },
        Typography = new Typography
        {
            // No web fonts: the portal must look right on an isolated network.
            Default = new DefaultTypography { FontFamily = ["system-ui", "-apple-system", "Segoe UI", "Roboto", "Helvetica", "Arial", "sans-serif"] },
        },
    };
}
