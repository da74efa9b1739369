namespace TrioSharp.Downloads;

/// <summary>
/// Hands out final file names in one directory so that no two downloads of a run share one, and no existing file
/// is replaced unless the policy says so. Used on the loop's thread only.
/// </summary>
internal sealed class NameReservations(string directory, CollisionPolicy policy)
{
    private readonly HashSet<string> _reserved = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Reserves <paramref name="wanted"/> or, under <see cref="CollisionPolicy.Suffix"/>, the next free variant.</summary>
    /// <param name="wanted">The name asked for.</param>
    /// <param name="listing">The directory as read for this batch, or null to ask the file system about each name.</param>
    /// <returns>The reserved name, or null when it is taken and the policy is <see cref="CollisionPolicy.Fail"/>.</returns>
    public string? Reserve(string wanted, DirectoryListing? listing = null)
    {
        for (var n = 0; ; n++)
        {
            var name = n == 0 ? wanted : SafeFileName.WithSuffix(wanted, n);
            if (!IsTaken(name, listing))
            {
                _reserved.Add(name);
                return name;
            }

            if (policy == CollisionPolicy.Fail)
            {
                return null;
            }
        }
    }

    /// <summary>Gives a name back.</summary>
    public void Release(string name) => _reserved.Remove(name);

    /// <summary>
    /// Renames <paramref name="partPath"/> to <paramref name="name"/> (reserved by the caller), never replacing a file
    /// that appeared meanwhile unless the policy is <see cref="CollisionPolicy.Overwrite"/>.
    /// </summary>
    /// <returns>The name the file ended up with, or null when it is taken and the policy is <see cref="CollisionPolicy.Fail"/>.</returns>
    public string? MoveInto(string partPath, string name)
    {
        while (!TryMove(partPath, Path.Combine(directory, name)))
        {
            // Someone else created the name after it was reserved: treat it like any taken name.
            Release(name);
            if (Reserve(name) is not { } next)
            {
                return null;
            }

            name = next;
        }

        return name;
    }

    /// <summary>Renames the file, or returns false when <paramref name="destination"/> is taken (and may not be replaced).</summary>
    private bool TryMove(string partPath, string destination)
    {
        try
        {
            switch (policy == CollisionPolicy.Overwrite ? NoReplaceRename.Outcome.Unsupported : NoReplaceRename.TryMove(partPath, destination))
            {
                case NoReplaceRename.Outcome.Moved:
                    return true;
                case NoReplaceRename.Outcome.Exists:
                    return false;
                default:
                    File.Move(partPath, destination, overwrite: policy == CollisionPolicy.Overwrite);
                    return true;
            }
        }
        catch (IOException) when (Path.Exists(destination))
        {
            return false;
        }
    }

    private bool IsTaken(string name, DirectoryListing? listing) =>
        _reserved.Contains(name) || (policy == CollisionPolicy.Overwrite
            ? listing?.IsDirectory(name) ?? Directory.Exists(Path.Combine(directory, name))
            : listing?.Contains(name) ?? Exists(name));

    private bool Exists(string name) => Path.Exists(Path.Combine(directory, name));
}
