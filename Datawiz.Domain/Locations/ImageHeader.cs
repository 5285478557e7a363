using System.Buffers.Binary;

namespace Datawiz.Domain.Locations;

public enum ImageFormat
{
    Png,
    Jpeg,
    WebP,
}

/// <summary>
/// An image's format and size as its first bytes state them, read without decoding a pixel: so a file is judged
/// (a renamed document, a decompression bomb) before any decoder or browser sees it.
/// </summary>
public readonly record struct ImageHeader(ImageFormat Format, int Width, int Height)
{
    /// <summary>How much of the file <see cref="Read"/> looks at: enough for a JPEG's metadata before its frame header.</summary>
    public const int BytesNeeded = 256 * 1024;

    public string ContentType => Format switch
    {
        ImageFormat.Png => "image/png",
        ImageFormat.Jpeg => "image/jpeg",
        _ => "image/webp",
    };

    /// <summary>The header of a PNG, JPEG or WebP file, or null when the bytes are none of those (or are cut short).</summary>
    public static ImageHeader? Read(ReadOnlySpan<byte> head) =>
        head.StartsWith(PngSignature) ? Png(head)
        : head.Length >= 3 && head[0] == 0xFF && head[1] == 0xD8 && head[2] == 0xFF ? Jpeg(head)
        : head.Length >= 12 && head[..4].SequenceEqual("RIFF"u8) && head[8..12].SequenceEqual("WEBP"u8) ? WebP(head)
        : null;

    private static ReadOnlySpan<byte> PngSignature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    // The first chunk is IHDR: width and height as 32-bit big-endian numbers.
    private static ImageHeader? Png(ReadOnlySpan<byte> head)
    {
        if (head.Length < 24 || !head[12..16].SequenceEqual("IHDR"u8))
        {
            return null;
        }
        var width = BinaryPrimitives.ReadUInt32BigEndian(head[16..]);
        var height = BinaryPrimitives.ReadUInt32BigEndian(head[20..]);
        return Sized(ImageFormat.Png, width, height);
    }

    // Segments follow the start marker, each with its length, until a start-of-frame holds the size.
    private static ImageHeader? Jpeg(ReadOnlySpan<byte> head)
    {
        var at = 2;
        while (at + 4 <= head.Length)
        {
            if (head[at] != 0xFF)
            {
                return null;
            }
            var marker = head[at + 1];
            if (marker == 0xFF)
            {
                at++; // fill byte
                continue;
            }
            var length = BinaryPrimitives.ReadUInt16BigEndian(head[(at + 2)..]);
            if (length < 2)
            {
                return null;
            }
            // SOF0–SOF15, except DHT (C4), JPG (C8) and DAC (CC), which share the range.
            if (marker is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC)
            {
                if (at + 9 > head.Length)
                {
                    return null;
                }
                var height = BinaryPrimitives.ReadUInt16BigEndian(head[(at + 5)..]);
                var width = BinaryPrimitives.ReadUInt16BigEndian(head[(at + 7)..]);
                return Sized(ImageFormat.Jpeg, width, height);
            }
            if (marker is 0xD9 or 0xDA)
            {
                return null; // end of image, or scan data, before any frame header
            }
            at += 2 + length;
        }
        return null;
    }

    // The first chunk says which of the three encodings follows and where it keeps the size.
    private static ImageHeader? WebP(ReadOnlySpan<byte> head)
    {
        if (head.Length < 30)
        {
            return null;
        }
        var chunk = head[12..16];
        if (chunk.SequenceEqual("VP8X"u8))
        {
            return Sized(ImageFormat.WebP, 1 + UInt24(head[24..]), 1 + UInt24(head[27..]));
        }
        if (chunk.SequenceEqual("VP8 "u8) && head[23] == 0x9D && head[24] == 0x01 && head[25] == 0x2A)
        {
            return Sized(ImageFormat.WebP, BinaryPrimitives.ReadUInt16LittleEndian(head[26..]) & 0x3FFFu, BinaryPrimitives.ReadUInt16LittleEndian(head[28..]) & 0x3FFFu);
        }
        if (chunk.SequenceEqual("VP8L"u8) && head[20] == 0x2F)
        {
            var bits = BinaryPrimitives.ReadUInt32LittleEndian(head[21..]);
            return Sized(ImageFormat.WebP, 1 + (bits & 0x3FFF), 1 + ((bits >> 14) & 0x3FFF));
        }
        return null;
    }

    private static uint UInt24(ReadOnlySpan<byte> bytes) => bytes[0] | ((uint)bytes[1] << 8) | ((uint)bytes[2] << 16);

    // A zero side is not an image; a side past int's range is refused later as too large anyway.
    private static ImageHeader? Sized(ImageFormat format, uint width, uint height) =>
        width == 0 || height == 0 ? null : new ImageHeader(format, (int)Math.Min(width, int.MaxValue), (int)Math.Min(height, int.MaxValue));
}
