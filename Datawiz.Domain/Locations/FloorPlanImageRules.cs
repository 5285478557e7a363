namespace Datawiz.Domain.Locations;

/// <summary>What an uploaded floor plan may be: its size in bytes and pixels, and what it is called.</summary>
public sealed record FloorPlanImageLimits(long MaxBytes, int MaxSide, long MaxPixels)
{
    /// <summary>10 MB; 16,384 pixels a side, as browsers draw at most; 50 megapixels, 200 MB once decoded.</summary>
    public static FloorPlanImageLimits Default { get; } = new(10L * 1024 * 1024, 16_384, 50_000_000);
}

/// <summary>
/// Checks an uploaded floor plan from its length and first bytes, before it is read whole or decoded. SVG is never
/// accepted: it can carry script that would run with the portal's origin.
/// </summary>
public static class FloorPlanImageRules
{
    public const int NameLength = 100;

    /// <summary>The file's length, known before reading it (the request's), so that a huge upload is refused unread.</summary>
    public static string? SizeError(long length, FloorPlanImageLimits limits) =>
        length <= 0 ? "The file is empty."
        : length > limits.MaxBytes ? $"The file is {Megabytes(length, roundUp: true)}; floor plans may be at most {Megabytes(limits.MaxBytes)}."
        : null;

    /// <summary>The header of an acceptable image, or why the file is refused.</summary>
    public static (ImageHeader? Header, string? Error) Check(ReadOnlySpan<byte> head, FloorPlanImageLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        if (head.IsEmpty)
        {
            return (null, "The file is empty.");
        }
        if (ImageHeader.Read(head) is not { } header)
        {
            return (null, LooksLikeSvg(head)
                ? "SVG images are not accepted (they can carry scripts); export the plan as PNG, JPEG or WebP."
                : "The file is not a PNG, JPEG or WebP image, whatever its name says.");
        }
        if (header.Width > limits.MaxSide || header.Height > limits.MaxSide)
        {
            return (null, $"The image is {header.Width:N0} × {header.Height:N0} pixels; each side may be at most {limits.MaxSide:N0}.");
        }
        if ((long)header.Width * header.Height > limits.MaxPixels)
        {
            return (null, $"The image has {(long)header.Width * header.Height:N0} pixels; at most {limits.MaxPixels:N0} are accepted.");
        }
        return (header, null);
    }

    /// <summary>A plan's name: its file name without folders, trimmed; refused with control characters or path separators.</summary>
    public static (string? Name, string? Error) Name(string? requested)
    {
        var name = requested?.Trim() ?? "";
        if (name.Length == 0)
        {
            return (null, "Give the floor plan a name.");
        }
        if (name.Any(char.IsControl))
        {
            return (null, "The name may not contain control characters.");
        }
        if (name.IndexOfAny(['/', '\\']) >= 0)
        {
            return (null, "The name may not contain / or \\.");
        }
        return name.Length > NameLength ? (null, $"The name may be at most {NameLength} characters.") : (name, null);
    }

    private static bool LooksLikeSvg(ReadOnlySpan<byte> head)
    {
        var text = System.Text.Encoding.UTF8.GetString(head[..Math.Min(head.Length, 1024)]);
        return text.Contains("<svg", StringComparison.OrdinalIgnoreCase);
    }

    // A file just over the limit is shown rounded up, so that it never reads as "10 MB, at most 10 MB".
    private static string Megabytes(long bytes, bool roundUp = false)
    {
        var megabytes = bytes / (1024.0 * 1024.0);
        return $"{(roundUp ? Math.Ceiling(megabytes * 10) / 10 : megabytes):0.#} MB";
    }
}
