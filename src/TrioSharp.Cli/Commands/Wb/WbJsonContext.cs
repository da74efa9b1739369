using System.Text.Json.Serialization;

namespace TrioSharp.Cli.Commands;

/// <summary>Source-generated JSON for the <c>wb</c> commands (the tool is compiled ahead of time, without reflection).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(IEnumerable<CountryRow>))]
internal sealed partial class WbJsonContext : JsonSerializerContext;
