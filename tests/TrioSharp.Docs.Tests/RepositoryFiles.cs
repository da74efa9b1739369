namespace TrioSharp.Docs.Tests;

/// <summary>The repository's documents, read where they are (the tests run from the build output inside it).</summary>
internal static class RepositoryFiles
{
    /// <summary>The repository's root: the folder that holds TrioSharp.slnx, above the test assembly.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>The text of a file, by its path from the root (<c>docs/design.md</c>).</summary>
    public static string Read(string relativePath) => File.ReadAllText(Path.Combine(Root, relativePath));

    /// <summary>Every markdown document the README should lead to: docs/*.md and each package's README.md.</summary>
    public static IEnumerable<string> Documents() =>
        Directory.GetFiles(Path.Combine(Root, "docs"), "*.md")
            .Concat(Directory.GetDirectories(Path.Combine(Root, "src")).Select(d => Path.Combine(d, "README.md")).Where(File.Exists))
            .Select(path => Path.GetRelativePath(Root, path).Replace('\\', '/'))
            .Order(StringComparer.Ordinal);

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "TrioSharp.slnx")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (TrioSharp.slnx) is not above " + AppContext.BaseDirectory);
    }
}
