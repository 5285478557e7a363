using System.Globalization;
using System.Text;

namespace Datawiz.Benchmark;

/// <summary>The thesis' payload; two numeric fields, so two readings per message.</summary>
public static class Payload
{
    public const int ReadingsPerMessage = 2;

    public static readonly byte[] Thesis = Encoding.UTF8.GetBytes("""{"temperature":24,"humidity":19,"hostname":"ESP_145DD7"}""");

    /// <summary>The same shape with a sequence number in the hostname, so a subscriber can match it to its send time.</summary>
    public static byte[] Numbered(long sequence) =>
        Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{{\"temperature\":24,\"humidity\":19,\"hostname\":\"ESP_{sequence}\"}}"));

    public static long? SequenceOf(ReadOnlySpan<byte> payload)
    {
        var text = Encoding.UTF8.GetString(payload);
        var start = text.IndexOf("ESP_", StringComparison.Ordinal);
        if (start < 0)
        {
            return null;
        }
        var end = text.IndexOf('"', start);
        return long.TryParse(text.AsSpan(start + 4, end - start - 4), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;
    }
}
