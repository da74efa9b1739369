using System.Buffers;
using System.Text.Json;

namespace TrioSharp.Downloads;

/// <summary>
/// What a kept <c>.part</c> file needs for a safe resume, saved beside it as <c>.part.meta</c>: the URL and the
/// validator (<c>ETag</c> or <c>Last-Modified</c>) that its bytes came with.
/// </summary>
/// <remarks>
/// A transfer saves it before it writes the first bytes that do not complete the body, and keeps it until the file
/// has its final name, so a process killed at any moment leaves a <c>.part</c> that is either described by its
/// metadata (and resumed with <c>If-Range</c>) or has none (and is started afresh).
/// </remarks>
/// <param name="Url">The URL the bytes came from.</param>
/// <param name="Validator">The strong ETag or the Last-Modified date, exactly as the server sent it.</param>
/// <param name="Length">The whole file's length, when known.</param>
/// <param name="Segments">
/// For a file fetched in ranges over several connections: the ranges and how far each got (the <c>.part</c> then has
/// the whole length, with holes); null for a file written from its start, whose length is its progress.
/// </param>
internal sealed record PartMetadata(string Url, string Validator, long? Length, IReadOnlyList<PartSegment>? Segments = null)
{
    /// <summary>Reads the metadata beside <paramref name="partPath"/>; null if it is missing or unreadable (then it is deleted).</summary>
    /// <exception cref="IOException">An unreadable metadata file could not be deleted.</exception>
    public static PartMetadata? Read(string partPath)
    {
        var path = PathFor(partPath);
        if (!File.Exists(path))
        {
            return null;
        }

        PartMetadata? metadata = null;
        if (File.Exists(partPath))
        {
            try
            {
                metadata = JsonSerializer.Deserialize(File.ReadAllBytes(path), PartMetadataJson.Default.PartMetadata);
            }
            catch (JsonException)
            {
                // Torn by a crash in an older version, or edited: it describes nothing reliably.
            }
        }

        if (metadata is null)
        {
            // Metadata without its .part (or unreadable) describes nothing; left behind, it could later pair with unrelated bytes.
            File.Delete(path);
        }

        return metadata;
    }

    /// <summary>The metadata file of a <c>.part</c> file.</summary>
    public static string PathFor(string partPath) => partPath + ".meta";

    /// <summary>Deletes the metadata beside <paramref name="partPath"/>, if any.</summary>
    public static void Delete(string partPath) => File.Delete(PathFor(partPath));

    /// <summary>
    /// Saves this beside <paramref name="partPath"/> atomically: written to a temporary file, then renamed over the old
    /// one, so a killed process or a full disk leaves the old metadata or the new, never a torn one. False if it could not.
    /// </summary>
    /// <remarks>
    /// Without <paramref name="flush"/> a power cut may lose the metadata (the file system keeps a rename's data with
    /// it, or drops both): the next run then starts the <c>.part</c> afresh, which is safe. Its bytes are not flushed
    /// either unless the download asks for <see cref="DownloadOptions.Fsync"/>, which flushes both.
    /// </remarks>
    /// <param name="partPath">The <c>.part</c> file it describes.</param>
    /// <param name="flush">Flush it to the disk before the rename.</param>
    public bool TrySave(string partPath, bool flush = false)
    {
        var path = PathFor(partPath);
        var temporary = path + ".tmp";
        try
        {
            using (var file = File.OpenHandle(temporary, FileMode.Create, FileAccess.Write))
            {
                RandomAccess.Write(file, ToUtf8Json(), 0);
                if (flush)
                {
                    RandomAccess.FlushToDisk(file);
                }
            }

            File.Move(temporary, path, overwrite: true);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            try
            {
                File.Delete(temporary);
            }
            catch (Exception again) when (again is IOException or UnauthorizedAccessException)
            {
                // Nothing reads a .tmp; the next save replaces it.
            }

            return false;
        }
    }

    /// <summary>The JSON that <see cref="Read"/> takes back (the shape of <see cref="PartMetadataJson"/>), written field by field.</summary>
    /// <remarks>
    /// Not through the serializer: its first use builds the type's metadata (attribute lookups included), which in a
    /// native AOT process costs more than the rest of a small download's bookkeeping, and every download that saves
    /// metadata pays it once. Reading stays with the serializer: it runs only to resume.
    /// </remarks>
    internal byte[] ToUtf8Json()
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString(nameof(Url), Url);
            json.WriteString(nameof(Validator), Validator);
            if (Length is { } length)
            {
                json.WriteNumber(nameof(Length), length);
            }
            else
            {
                json.WriteNull(nameof(Length));
            }

            if (Segments is null)
            {
                json.WriteNull(nameof(Segments));
            }
            else
            {
                json.WriteStartArray(nameof(Segments));
                foreach (var segment in Segments)
                {
                    json.WriteStartObject();
                    json.WriteNumber(nameof(PartSegment.Start), segment.Start);
                    json.WriteNumber(nameof(PartSegment.End), segment.End);
                    json.WriteNumber(nameof(PartSegment.Done), segment.Done);
                    json.WriteEndObject();
                }

                json.WriteEndArray();
            }

            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
