using System.Runtime.InteropServices;

namespace TrioSharp.Downloads;

/// <summary>
/// Renames a file only if the new name is free, in one atomic system call where the platform has one
/// (Linux <c>renameat2</c> with <c>RENAME_NOREPLACE</c>).
/// </summary>
/// <remarks>
/// <see cref="File.Move(string, string, bool)"/> checks the names with three <c>lstat</c> calls before it renames,
/// and between its check and the rename another process can still create the destination, which it then replaces.
/// </remarks>
internal static partial class NoReplaceRename
{
    private const int AtCurrentDirectory = -100;
    private const uint RenameNoReplace = 1;
    private const int AlreadyExists = 17; // EEXIST
    private const int InvalidArgument = 22; // EINVAL: this file system has no RENAME_NOREPLACE
    private const int NotImplemented = 38; // ENOSYS: this kernel has no renameat2

    private static bool s_unsupported = !OperatingSystem.IsLinux();

    /// <summary>The outcome of <see cref="TryMove"/>.</summary>
    public enum Outcome
    {
        /// <summary>The file now has the new name.</summary>
        Moved,

        /// <summary>The new name is taken; nothing changed.</summary>
        Exists,

        /// <summary>The platform or file system cannot do it; use <see cref="File.Move(string, string, bool)"/>.</summary>
        Unsupported,
    }

    /// <summary>Renames <paramref name="source"/> to <paramref name="destination"/> unless the destination exists.</summary>
    /// <exception cref="IOException">The rename failed for another reason (the message says which).</exception>
    public static Outcome TryMove(string source, string destination)
    {
        if (s_unsupported)
        {
            return Outcome.Unsupported;
        }

        try
        {
            if (RenameAt2(AtCurrentDirectory, source, AtCurrentDirectory, destination, RenameNoReplace) == 0)
            {
                return Outcome.Moved;
            }
        }
        catch (EntryPointNotFoundException)
        {
            s_unsupported = true;
            return Outcome.Unsupported;
        }

        var error = Marshal.GetLastPInvokeError();
        if (error == AlreadyExists)
        {
            return Outcome.Exists;
        }

        // File.Move can still do these. A kernel without the call lacks it for every file; a file system may lack
        // the flag while others have it, so that answer is not remembered.
        if (error == NotImplemented)
        {
            s_unsupported = true;
        }

        if (error is NotImplemented or InvalidArgument)
        {
            return Outcome.Unsupported;
        }

        throw new IOException($"Cannot rename {source} to {destination}: {Marshal.GetPInvokeErrorMessage(error)}.");
    }

    [LibraryImport("libc", EntryPoint = "renameat2", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int RenameAt2(int oldDirectory, string oldPath, int newDirectory, string newPath, uint flags);
}
