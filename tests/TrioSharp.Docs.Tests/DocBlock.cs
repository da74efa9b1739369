namespace TrioSharp.Docs.Tests;

/// <summary>One ```csharp block of a document, as the build found it.</summary>
/// <param name="Document">The document, relative to the repository root.</param>
/// <param name="Line">The block's first line of code (1-based).</param>
/// <param name="Heading">The heading the block sits under.</param>
/// <param name="Id">The block's name: the document's and the heading's (the class a program compiles to).</param>
/// <param name="Kind">What the build did with it.</param>
/// <param name="Detail">An excerpt's file, a fragment's reason; empty otherwise.</param>
/// <param name="Code">The block's text.</param>
/// <param name="Output">The ```text block that follows a program (its exact output), or null.</param>
internal sealed record DocBlock(string Document, int Line, string Heading, string Id, DocBlockKind Kind, string Detail, string Code, string? Output)
{
    /// <summary>Where the block is, for messages: <c>docs/design.md:59</c>.</summary>
    public override string ToString() => $"{Document}:{Line}";
}
