namespace TrioSharp.Downloads.Tests;

/// <summary>A fresh directory under the system's temp directory, deleted with the test class instance.</summary>
public sealed class TestDirectory : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"triosharp-dl-{Guid.NewGuid():N}");

    public TestDirectory() => Directory.CreateDirectory(Path);

    public string this[string name] => System.IO.Path.Combine(Path, name);

    /// <summary>The names of the files in the directory, sorted.</summary>
    public string[] Files() => Directory.GetFiles(Path).Select(System.IO.Path.GetFileName).Order(StringComparer.Ordinal).ToArray()!;

    public void Dispose()
    {
        if (Directory.Exists(Path))
        {
            Directory.Delete(Path, recursive: true);
        }
    }
}
