namespace TrioSharp.Docs.Tests;

/// <summary>
/// A fresh temporary folder made the current directory while a documentation program runs, so the files it writes
/// (downloads, caches) land there; disposing restores the current directory and deletes the folder.
/// </summary>
internal sealed class ScratchDirectory : IDisposable
{
    private readonly string _previous;

    private ScratchDirectory(string path, string previous)
    {
        Path = path;
        _previous = previous;
    }

    /// <summary>The folder's full path.</summary>
    public string Path { get; }

    /// <summary>Creates the folder and makes it the current directory.</summary>
    public static ScratchDirectory Enter()
    {
        var path = Directory.CreateTempSubdirectory("triosharp-docs-").FullName;
        var previous = Environment.CurrentDirectory;
        Environment.CurrentDirectory = path;
        return new ScratchDirectory(path, previous);
    }

    public void Dispose()
    {
        Environment.CurrentDirectory = _previous;
        Directory.Delete(Path, recursive: true);
    }
}
