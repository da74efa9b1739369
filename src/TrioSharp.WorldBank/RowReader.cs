using System.Globalization;
using System.Text.Json;

namespace TrioSharp.WorldBank;

/// <summary>Turns the API's JSON rows into records.</summary>
internal static class RowReader
{
    /// <summary>A row of the country list.</summary>
    public static Country Country(JsonElement row) => new(
        Text(row, "id"),
        Text(row, "iso2Code"),
        Text(row, "name"),
        Named(row, "region"),
        Named(row, "incomeLevel"),
        Named(row, "lendingType"),
        Text(row, "capitalCity"))
    {
        RegionId = NamedId(row, "region"),
        IncomeLevelId = NamedId(row, "incomeLevel"),
        LendingTypeId = NamedId(row, "lendingType"),
    };

    /// <summary>A row of the indicator catalogue.</summary>
    public static IndicatorMetadata Indicator(JsonElement row) => new(
        Text(row, "id"),
        Text(row, "name"),
        Named(row, "source"),
        Text(row, "sourceNote"),
        Text(row, "sourceOrganization"),
        row.TryGetProperty("topics", out var topics) && topics.ValueKind == JsonValueKind.Array
            ? [.. topics.EnumerateArray().Select(t => Text(t, "value")).Where(t => t.Length > 0)]
            : []);

    /// <summary>A row of an indicator answer; a <c>null</c> value stays missing.</summary>
    public static IndicatorValue IndicatorValue(JsonElement row)
    {
        var date = Text(row, "date");
        var value = row.GetProperty("value");
        return new IndicatorValue(
            Text(row.GetProperty("indicator"), "id"),
            Named(row, "indicator"),
            Text(row.GetProperty("country"), "id"),
            Text(row, "countryiso3code"),
            Named(row, "country"),
            date,
            date.Length >= 4 ? int.Parse(date.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture) : throw new FormatException($"the date '{date}' has no year"),
            value.ValueKind == JsonValueKind.Null ? null : value.GetDouble());
    }

    private static string Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()!.Trim() : string.Empty;

    private static string NamedId(JsonElement row, string name) =>
        row.TryGetProperty(name, out var part) && part.ValueKind == JsonValueKind.Object ? Text(part, "id") : string.Empty;

    private static string Named(JsonElement row, string name) =>
        row.TryGetProperty(name, out var part) && part.ValueKind == JsonValueKind.Object ? Text(part, "value") : string.Empty;
}
