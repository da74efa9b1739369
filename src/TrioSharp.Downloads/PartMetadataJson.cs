using System.Text.Json.Serialization;

namespace TrioSharp.Downloads;

/// <summary>Source-generated JSON for <see cref="PartMetadata"/>, so the library needs no reflection (and trims and AOT-compiles cleanly).</summary>
[JsonSerializable(typeof(PartMetadata))]
internal sealed partial class PartMetadataJson : JsonSerializerContext;
