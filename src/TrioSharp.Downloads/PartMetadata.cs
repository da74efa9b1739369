using System.Text.Json;

namespace TrioSharp.Downloads;

/// <summary>
/// What a kept <c>.part</c> file needs for a safe resume, saved beside it as <c>.part.meta</c>: the URL and the
/// validator (<c>ETag</c> or <c>Last-Modified</c>) that its bytes came with.
/// </summary>
/// <param name="Url">The URL the bytes came from.</param>
/// <param name="Validator">The strong ETag or the Last-Modified date, exactly as the server sent it.</param>
/// <param name="Length">The whole file's length, when known.</param>
internal sealed record PartMetadata(string Url, string Validator, long? Length)
{
    /// <summary>Reads and deletes the metadata beside <paramref name="partPath"/>; null if it is missing or unreadable.</summary>
    /// <remarks>
    /// Deleting it at once means a run killed hard (no chance to save the validator again) leaves a <c>.part</c>
    /// without metadata, which the next run restarts from zero rather than splice onto unknown bytes.
    /// </remarks>
    public static PartMetadata? Take(string partPath)
    {
        var path = PathFor(partPath);
        if (!File.Exists(path))
        {
            return null;
        }

        if (!File.Exists(partPath))
        {
            // Metadata without its .part describes nothing; left behind, it could later pair with unrelated bytes.
            File.Delete(path);
            return null;
        }

        try
        {
            var text = File.ReadAllText(path);
            File.Delete(path);
            return JsonSerializer.Deserialize(text, PartMetadataJson.Default.PartMetadata);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            return null;
        }
    }

    /// <summary>The metadata file of a <c>.part</c> file.</summary>
    public static string PathFor(string partPath) => partPath + ".meta";

    /// <summary>
    /// Saves this beside <paramref name="partPath"/> atomically: written to a temporary file, then renamed over the old
    /// one, so a crash or a full disk leaves the old metadata or the new, never a torn one. False if it could not.
    /// </summary>
    public bool TrySave(string partPath)
    {
        var path = PathFor(partPath);
        var temporary = path + ".tmp";
        try
        {
            File.WriteAllBytes(temporary, JsonSerializer.SerializeToUtf8Bytes(this, PartMetadataJson.Default.PartMetadata));
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
}
