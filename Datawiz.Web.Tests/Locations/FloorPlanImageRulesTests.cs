using System.Buffers.Binary;
using System.Text;
using Datawiz.Domain.Locations;

namespace Datawiz.Web.Tests.Locations;

/// <summary>Floor plans are judged from their first bytes: real images pass, everything else is refused with a reason.</summary>
public sealed class FloorPlanImageRulesTests
{
    private static readonly FloorPlanImageLimits Limits = FloorPlanImageLimits.Default;

    private static byte[] Image(string name) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Locations", "Images", name));

    [Theory]
    [InlineData("plan.png", ImageFormat.Png, 640, 480)]
    [InlineData("plan.jpg", ImageFormat.Jpeg, 300, 200)]
    [InlineData("plan-lossy.webp", ImageFormat.WebP, 320, 240)]
    [InlineData("plan-lossless.webp", ImageFormat.WebP, 330, 250)]
    [InlineData("plan-extended.webp", ImageFormat.WebP, 340, 260)]
    public void Real_images_are_accepted_with_their_format_and_size_read_from_the_header(string file, ImageFormat format, int width, int height)
    {
        var (header, error) = FloorPlanImageRules.Check(Image(file), Limits);

        Assert.Null(error);
        Assert.Equal(new ImageHeader(format, width, height), header);
    }

    [Fact]
    public void A_jpeg_whose_metadata_comes_before_its_frame_header_is_still_read()
    {
        var jpeg = Image("plan.jpg");
        // An APP1 (Exif) segment of 60 KB, as cameras write, between the start marker and the rest.
        var app1 = new byte[60_000];
        app1[0] = 0xFF;
        app1[1] = 0xE1;
        BinaryPrimitives.WriteUInt16BigEndian(app1.AsSpan(2), (ushort)(app1.Length - 2));
        var withMetadata = jpeg[..2].Concat(app1).Concat(jpeg[2..]).ToArray();

        Assert.Equal(new ImageHeader(ImageFormat.Jpeg, 300, 200), ImageHeader.Read(withMetadata));
    }

    [Fact]
    public void A_text_file_named_png_is_refused_for_what_it_is()
    {
        var (header, error) = FloorPlanImageRules.Check(Encoding.UTF8.GetBytes("Quarterly report\nnot an image"), Limits);

        Assert.Null(header);
        Assert.Equal("The file is not a PNG, JPEG or WebP image, whatever its name says.", error);
    }

    [Fact]
    public void Svg_is_refused_because_it_can_carry_script()
    {
        var svg = Encoding.UTF8.GetBytes("""<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>""");

        Assert.StartsWith("SVG images are not accepted", FloorPlanImageRules.Check(svg, Limits).Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_decompression_bomb_is_refused_from_its_header()
    {
        // A real PNG whose header claims 100,000 × 100,000 pixels (40 GB decoded).
        var bomb = Image("plan.png");
        BinaryPrimitives.WriteUInt32BigEndian(bomb.AsSpan(16), 100_000);
        BinaryPrimitives.WriteUInt32BigEndian(bomb.AsSpan(20), 100_000);

        Assert.Equal("The image is 100,000 × 100,000 pixels; each side may be at most 16,384.", FloorPlanImageRules.Check(bomb, Limits).Error);
        // Within the side limit, but too many pixels together.
        BinaryPrimitives.WriteUInt32BigEndian(bomb.AsSpan(16), 10_000);
        BinaryPrimitives.WriteUInt32BigEndian(bomb.AsSpan(20), 10_000);
        Assert.Equal("The image has 100,000,000 pixels; at most 50,000,000 are accepted.", FloorPlanImageRules.Check(bomb, Limits).Error);
    }

    [Theory]
    [InlineData("plan.png", 20)]
    [InlineData("plan.jpg", 100)]
    [InlineData("plan-lossy.webp", 25)]
    public void An_image_cut_short_before_its_size_is_not_an_image(string file, int keep)
    {
        Assert.Null(ImageHeader.Read(Image(file).AsSpan(0, keep)));
    }

    [Theory]
    [InlineData(0, "The file is empty.")]
    [InlineData(10L * 1024 * 1024, null)]
    [InlineData((10L * 1024 * 1024) + 1, "The file is 10.1 MB; floor plans may be at most 10 MB.")]
    [InlineData(25L * 1024 * 1024, "The file is 25 MB; floor plans may be at most 10 MB.")]
    public void The_size_is_judged_from_the_length_before_the_file_is_read(long length, string? expected)
    {
        Assert.Equal(expected, FloorPlanImageRules.SizeError(length, Limits));
        Assert.Equal("The file is empty.", FloorPlanImageRules.Check([], Limits).Error);
    }

    [Theory]
    [InlineData("  Ground floor  ", "Ground floor", null)]
    [InlineData("../../etc/passwd", null, "The name may not contain / or \\.")]
    [InlineData("C:\\plans\\first", null, "The name may not contain / or \\.")]
    [InlineData("first\nfloor", null, "The name may not contain control characters.")]
    [InlineData("   ", null, "Give the floor plan a name.")]
    public void A_plans_name_is_trimmed_and_refused_with_path_separators_or_control_characters(string requested, string? name, string? error)
    {
        Assert.Equal((name, error), FloorPlanImageRules.Name(requested));
    }

    [Theory]
    [InlineData(48.2082, 16.3738, new string[0])]
    [InlineData(90, -180, new string[0])]
    [InlineData(91, 16, new[] { "Latitude must be between -90 and 90 degrees." })]
    [InlineData(48, 181, new[] { "Longitude must be between -180 and 180 degrees." })]
    [InlineData(double.NaN, double.PositiveInfinity, new[] { "Latitude must be between -90 and 90 degrees.", "Longitude must be between -180 and 180 degrees." })]
    public void Positions_are_degrees_within_the_earths_ranges(double latitude, double longitude, string[] errors)
    {
        Assert.Equal(errors, new GeoPosition(latitude, longitude).Errors());
    }
}
