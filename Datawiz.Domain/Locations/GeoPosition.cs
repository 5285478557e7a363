namespace Datawiz.Domain.Locations;

/// <summary>A place on the earth in degrees (WGS 84, as GPS and the map tiles use).</summary>
public readonly record struct GeoPosition(double Latitude, double Longitude)
{
    public IEnumerable<string> Errors()
    {
        if (!double.IsFinite(Latitude) || Latitude is < -90 or > 90)
        {
            yield return "Latitude must be between -90 and 90 degrees.";
        }
        if (!double.IsFinite(Longitude) || Longitude is < -180 or > 180)
        {
            yield return "Longitude must be between -180 and 180 degrees.";
        }
    }
}
