using System.Globalization;

namespace TrioSharp.Cli.Commands;

/// <summary>Reads <c>--limit-rate</c> as curl and wget2 write it: bytes per second, with an optional K, M or G (powers of 1024).</summary>
internal static class ByteRate
{
    /// <summary>Bytes per second; null when not given; <see cref="FormatException"/> naming the value otherwise.</summary>
    public static long? Parse(string? value)
    {
        if (value is null)
        {
            return null;
        }

        var shift = value.Length == 0 ? 0 : char.ToUpperInvariant(value[^1]) switch { 'K' => 10, 'M' => 20, 'G' => 30, _ => 0 };
        var digits = shift == 0 ? value : value[..^1];
        return double.TryParse(digits, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number)
            && number * (1L << shift) is var rate and >= 1 and <= long.MaxValue / 2
            ? (long)rate
            : throw new FormatException($"--limit-rate '{value}' is not a rate: bytes per second, like 500K, 2M or 1.5G.");
    }
}
