namespace TrioSharp.Downloads;

/// <summary>
/// The names in a directory, read once: a large batch asks it whether each final and <c>.part</c> name exists
/// instead of making one <c>stat</c> call per name.
/// </summary>
/// <remarks>
/// It is a snapshot: a file created after it was read is caught when the download is renamed into place, which
/// never replaces a file it did not expect (see <see cref="NameReservations.MoveInto"/>).
/// </remarks>
internal sealed class DirectoryListing
{
    /// <summary>Batches at least this large read the directory once rather than ask per name.</summary>
    public const int MinimumBatch = 64;

    private readonly Dictionary<string, bool> _isDirectory;

    private DirectoryListing(Dictionary<string, bool> isDirectory) => _isDirectory = isDirectory;

    /// <summary>Reads the names in <paramref name="directory"/> (which must exist).</summary>
    public static DirectoryListing Read(string directory)
    {
        // Linux file systems tell names apart by case; the others this runs on usually do not.
        var entries = new Dictionary<string, bool>(OperatingSystem.IsLinux() ? StringComparer.Ordinal : StringComparer.OrdinalIgnoreCase);
        foreach (var entry in new DirectoryInfo(directory).EnumerateFileSystemInfos())
        {
            entries[entry.Name] = entry is DirectoryInfo;
        }

        return new DirectoryListing(entries);
    }

    /// <summary>Whether a file or directory named <paramref name="name"/> was there.</summary>
    public bool Contains(string name) => _isDirectory.ContainsKey(name);

    /// <summary>Whether a directory named <paramref name="name"/> was there.</summary>
    public bool IsDirectory(string name) => _isDirectory.GetValueOrDefault(name);
}
