using System.Reflection;

namespace TrioSharp.Docs.Tests;

/// <summary>Nothing escapes the examples' checks: every document with C# is read, every program is run.</summary>
public sealed class DocCatalogueTests
{
    public static TheoryData<string> DocumentsWithCSharp() =>
        new(RepositoryFiles.Documents().Prepend("README.md").Where(d => CSharpFences(d) > 0));

    [Theory]
    [MemberData(nameof(DocumentsWithCSharp))]
    public void Document_WithCSharpBlocks_HasEveryBlockInTheCatalogue(string document)
    {
        Assert.Equal(CSharpFences(document), DocCatalogue.Blocks.Count(b => b.Document == document));
    }

    [Fact]
    public void Programs_WithoutADocumentedOutput_EachHaveATestThatRunsThem()
    {
        var tested = typeof(ProgramExampleTests).GetMethods()
            .SelectMany(m => m.GetCustomAttributesData())
            .Where(a => a.AttributeType == typeof(TraitAttribute) && (string?)a.ConstructorArguments[0].Value == "Example")
            .Select(a => (string)a.ConstructorArguments[1].Value!);

        var programs = DocCatalogue.Blocks.Where(b => b is { Kind: DocBlockKind.Program, Output: null }).Select(b => b.Id);

        Assert.Equal(programs.Order(StringComparer.Ordinal), tested.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Programs_InTheCatalogue_EachCompiledToARunnableClass()
    {
        var programs = DocCatalogue.Blocks.Where(b => b.Kind == DocBlockKind.Program).Select(b => b.Id).ToList();

        Assert.Equal(programs, DocCatalogue.Programs.Keys);
        Assert.All(programs, id => Assert.NotNull(Assembly.GetExecutingAssembly().GetType("TrioSharp.Docs.Tests.Examples." + id)));
    }

    private static int CSharpFences(string document) =>
        RepositoryFiles.Read(document).Split('\n').Count(line => line.Trim() == "```csharp");
}
