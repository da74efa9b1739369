using System.Runtime.InteropServices;

namespace TrioSharp.Cli.Commands;

/// <summary>
/// The complete <c>triosharp</c> image, which the download image of a native Linux install hands every command but
/// <c>download</c> and <c>--version</c> to (see the project file for why there are two).
/// </summary>
internal static partial class CompleteImage
{
    /// <summary>
    /// The complete image's file name, beside the download image (the project file's PublishCompleteImage gives it this
    /// name).
    /// </summary>
    public const string FileName = "TrioSharp.Cli.Complete";

    /// <summary>
    /// Replaces this process with the complete image, given the same arguments: same process, standard streams,
    /// signals and exit code. Returns only if that fails, with the one-line reason to print.
    /// </summary>
    /// <param name="args">The command line, without the program's name.</param>
    public static string Exec(string[] args)
    {
        var path = Path.Combine(AppContext.BaseDirectory, FileName);
        var argv = new string?[args.Length + 2]; // the program, the arguments, and the null that ends the list
        argv[0] = path;
        args.CopyTo(argv, 1);
        _ = ExecV(path, argv);
        return $"cannot start {path}: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}. "
            + "The installation is incomplete: reinstall the tool (dotnet tool update TrioSharp.Cli).";
    }

    [LibraryImport("libc", EntryPoint = "execv", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int ExecV(string path, string?[] argv);
}
