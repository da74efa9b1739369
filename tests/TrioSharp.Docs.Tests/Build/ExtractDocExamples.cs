// The build-time half of TrioSharp.Docs.Tests, compiled by MSBuild's RoslynCodeTaskFactory (not part of the test
// assembly). It reads every ```csharp block of the documentation and, by the HTML comment before the block
// (invisible on GitHub), does one of:
//
//   (no comment)                         a complete program: it becomes a class of the test assembly
//                                        (Examples/<Id>.example.cs), so one that stops compiling breaks the build;
//                                        a test runs it. A ```text block that follows it is its exact output.
//   <!-- example: analyzer -->           code that the TrioSharp analyzers flag (a line ending in // TRIOnnn) and
//                                        its fix; compiled with the analyzers by AnalyzerExampleTests.
//   <!-- example: excerpt of PATH -->    lines quoted from PATH (a file the build compiles and other tests run);
//                                        each line must be found there, in order, or the build fails. "..." in
//                                        the block stands for code left out.
//   <!-- example: fragment, REASON -->   not compilable on its own; the reason is required.
//
// Every block also goes into DocCatalogue.g.cs, which the tests read (the kinds, the analyzer examples' text).
#nullable enable
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

public sealed class ExtractDocExamples : Task
{
    private static readonly Regex Marker = new Regex(@"^<!--\s*example:\s*(?<kind>fragment|excerpt of|analyzer)\b\s*,?\s*(?<detail>.*?)\s*-->$");
    private static readonly Regex UsingDirective = new Regex(@"^using\s+(static\s+)?[\w.]+(\s*=\s*[\w.<>,\s]+)?;\s*$");
    private static readonly Regex TypeDeclaration = new Regex(@"^((public|internal|file|sealed|static|abstract|partial|readonly)\s+)*(record|class|struct|interface|enum)\b");
    private static readonly Regex TrailingComment = new Regex(@"(?<=\S)\s+//\s.*$");

    /// <summary>The markdown files, relative to <see cref="RepositoryRoot"/>.</summary>
    [Required]
    public ITaskItem[] Documents { get; set; } = Array.Empty<ITaskItem>();

    [Required]
    public string RepositoryRoot { get; set; } = "";

    /// <summary>The folder the generated sources go to.</summary>
    [Required]
    public string OutputDirectory { get; set; } = "";

    /// <summary>Every source written: the programs and the catalogue.</summary>
    [Output]
    public ITaskItem[] Generated { get; set; } = Array.Empty<ITaskItem>();

    public override bool Execute()
    {
        Directory.CreateDirectory(OutputDirectory);
        var generated = new List<ITaskItem>();
        var catalogue = new StringBuilder();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var programs = new StringBuilder();
        foreach (var document in Documents)
        {
            var relative = document.ItemSpec.Replace('\\', '/');
            var path = Path.GetFullPath(Path.Combine(RepositoryRoot, relative));
            // Materialised first: a block's output is the text block found after it.
            foreach (var block in ReadBlocks(relative, path).ToList())
            {
                if (!ids.Add(block.Id))
                {
                    Log.LogError(null, null, null, path, block.Line, 0, 0, 0, "Two examples would be named {0}: give the second its own heading.", block.Id);
                    continue;
                }

                switch (block.Kind)
                {
                    case "Program":
                        var file = Path.Combine(OutputDirectory, block.Id + ".example.cs");
                        WriteIfChanged(file, ProgramSource(block, path));
                        generated.Add(new TaskItem(file));
                        programs.Append("        [\"").Append(block.Id).Append("\"] = Examples.").Append(block.Id).Append(".RunAsync,\n");
                        break;
                    case "Excerpt":
                        CheckExcerpt(block, path);
                        break;
                    case "Fragment":
                        if (block.Detail.Length == 0)
                        {
                            Log.LogError(null, null, null, path, block.Line, 0, 0, 0, "A fragment needs its reason: <!-- example: fragment, why it cannot be a complete program -->.");
                        }

                        break;
                }

                catalogue.Append("        new(").Append(Literal(relative)).Append(", ").Append(block.Line).Append(", ")
                    .Append(Literal(block.Heading)).Append(", ").Append(Literal(block.Id)).Append(", DocBlockKind.").Append(block.Kind).Append(", ")
                    .Append(Literal(block.Detail)).Append(",\n").Append(Raw(block.Code)).Append(",\n")
                    .Append(block.Output is null ? "null" : Raw(block.Output)).Append("),\n");
            }
        }

        var catalogueFile = Path.Combine(OutputDirectory, "DocCatalogue.g.cs");
        WriteIfChanged(catalogueFile,
            "// <auto-generated>Every ```csharp block of the documentation, by tests/TrioSharp.Docs.Tests/Build/ExtractDocExamples.cs.</auto-generated>\n" +
            "#nullable enable\nnamespace TrioSharp.Docs.Tests;\n\ninternal static class DocCatalogue\n{\n" +
            "    public static IReadOnlyList<DocBlock> Blocks { get; } =\n    [\n" + catalogue + "    ];\n\n" +
            "    public static IReadOnlyDictionary<string, Func<string[], Task>> Programs { get; } = new Dictionary<string, Func<string[], Task>>\n    {\n" +
            programs + "    };\n}\n");
        generated.Add(new TaskItem(catalogueFile));

        // A block removed or renamed leaves no program behind.
        foreach (var stale in Directory.GetFiles(OutputDirectory, "*.example.cs").Except(generated.Select(g => g.ItemSpec)))
        {
            File.Delete(stale);
        }

        Generated = generated.ToArray();
        return !Log.HasLoggedErrors;
    }

    private sealed class Block
    {
        public string Id = "";
        public int Line;                 // the first line of code, 1-based
        public string Heading = "";
        public string Kind = "";
        public string Detail = "";
        public string Code = "";
        public string[] Lines = Array.Empty<string>();
        public string? Output;
    }

    // The ```csharp blocks of one document, each with the heading above it, its marker, and the ```text block after
    // it when it is a program.
    private IEnumerable<Block> ReadBlocks(string relative, string path)
    {
        var lines = File.ReadAllLines(path);
        var heading = "";
        var perHeading = new Dictionary<string, int>(StringComparer.Ordinal);
        Block? awaitingOutput = null;
        for (var i = 0; i < lines.Length; i++)
        {
            var trimmed = lines[i].Trim();
            if (trimmed.StartsWith("#", StringComparison.Ordinal))
            {
                heading = trimmed.TrimStart('#').Trim();
                awaitingOutput = null;
                continue;
            }

            if (!trimmed.StartsWith("```", StringComparison.Ordinal))
            {
                continue;
            }

            var language = trimmed.Substring(3).Trim();
            var indent = lines[i].Length - lines[i].TrimStart().Length;
            var close = i + 1;
            while (close < lines.Length && lines[close].Trim() != "```")
            {
                close++;
            }

            var body = lines.Skip(i + 1).Take(close - i - 1).Select(l => l.Length >= indent ? l.Substring(indent) : l.TrimStart()).ToArray();
            if (language == "text" && awaitingOutput != null)
            {
                awaitingOutput.Output = string.Join("\n", body) + "\n";
                awaitingOutput = null;
            }
            else if (language == "csharp")
            {
                var block = new Block { Line = i + 2, Heading = heading, Lines = body, Code = string.Join("\n", body) + "\n" };
                var previous = i - 1;
                while (previous >= 0 && lines[previous].Trim().Length == 0)
                {
                    previous--;
                }

                var marker = previous >= 0 ? Marker.Match(lines[previous].Trim()) : Match.Empty;
                if (previous >= 0 && !marker.Success && lines[previous].Trim().StartsWith("<!-- example", StringComparison.Ordinal))
                {
                    Log.LogError(null, null, null, path, previous + 1, 0, 0, 0,
                        "Unknown example marker: write <!-- example: analyzer -->, <!-- example: excerpt of PATH --> or <!-- example: fragment, REASON -->.");
                }

                var kind = marker.Success ? marker.Groups["kind"].Value : "";
                block.Kind = kind == "fragment" ? "Fragment" : kind == "excerpt of" ? "Excerpt" : kind == "analyzer" ? "Analyzer" : "Program";
                block.Detail = marker.Success ? marker.Groups["detail"].Value : "";
                var name = PascalCase(heading);
                perHeading[name] = perHeading.TryGetValue(name, out var count) ? count + 1 : 1;
                block.Id = DocumentName(relative) + "_" + name + (perHeading[name] > 1 ? perHeading[name].ToString() : "");
                awaitingOutput = block.Kind == "Program" ? block : null;
                yield return block;
            }

            i = close;
        }
    }

    // README.md -> Readme, docs/design.md -> Design, src/TrioSharp.Scheduling.PostgreSql/README.md -> SchedulingPostgreSqlReadme.
    private static string DocumentName(string relative)
    {
        var parts = relative.Split('/');
        var name = PascalCase(Path.GetFileNameWithoutExtension(parts[parts.Length - 1]).ToLowerInvariant());
        return parts.Length >= 2 && parts[0] == "src" ? PascalCase(parts[1].Replace("TrioSharp", "")) + name : name;
    }

    private static string PascalCase(string text)
    {
        var words = Regex.Matches(text, "[A-Za-z0-9]+").Cast<Match>().Select(m => char.ToUpperInvariant(m.Value[0]) + m.Value.Substring(1));
        var name = string.Concat(words);
        name = name.Length > 48 ? name.Substring(0, 48) : name;
        return name.Length == 0 || char.IsDigit(name[0]) ? "Block" + name : name;
    }

    // Using directives stay at the top; the statements become RunAsync(string[] args), the body of a top-level
    // program (args included); type declarations after them become nested types. #line points errors at the markdown.
    private static string ProgramSource(Block block, string path)
    {
        var lines = block.Lines;
        var usings = lines.TakeWhile(l => l.Trim().Length == 0 || UsingDirective.IsMatch(l)).Count();
        var types = Array.FindIndex(lines, usings, l => TypeDeclaration.IsMatch(l));
        types = types < 0 ? lines.Length : types;
        var source = new StringBuilder();
        var file = path.Replace("\\", "\\\\");
        source.Append("// From ").Append(Path.GetFileName(path)).Append(", \"").Append(block.Heading)
            .Append("\", by tests/TrioSharp.Docs.Tests/Build/ExtractDocExamples.cs: edit the markdown, not this file.\n")
            .Append("#nullable enable\n");
        source.Append("#line ").Append(block.Line).Append(" \"").Append(file).Append("\"\n");
        foreach (var line in lines.Take(usings))
        {
            source.Append(line).Append('\n');
        }

        source.Append("#line default\n\nnamespace TrioSharp.Docs.Tests.Examples;\n\n")
            .Append("internal static class ").Append(block.Id).Append("\n{\n")
            // A program without a top-level await runs synchronously, as it would on its own: CS1998 is off for this
            // one line, so an async function of the example's own that never awaits is still reported.
            .Append("#pragma warning disable CS1998\n    public static async Task RunAsync(string[] args)\n#pragma warning restore CS1998\n    {\n")
            .Append("#line ").Append(block.Line + usings).Append(" \"").Append(file).Append("\"\n");
        foreach (var line in lines.Skip(usings).Take(types - usings))
        {
            source.Append(line.Length == 0 ? "" : "        " + line).Append('\n');
        }

        source.Append("#line default\n    }\n");
        if (types < lines.Length)
        {
            source.Append("\n#line ").Append(block.Line + types).Append(" \"").Append(file).Append("\"\n");
            foreach (var line in lines.Skip(types))
            {
                source.Append(line.Length == 0 ? "" : "    " + line).Append('\n');
            }

            source.Append("#line default\n");
        }

        return source.Append("}\n").ToString();
    }

    // Each line of the excerpt (blank lines and trailing comments aside) must match a line of the file, trimmed, in order; lines that
    // follow each other in the excerpt follow each other in the file (blank lines aside), unless a "..." line
    // separates them. "..." inside a line matches anything.
    private void CheckExcerpt(Block block, string markdown)
    {
        var source = Path.GetFullPath(Path.Combine(RepositoryRoot, block.Detail));
        if (block.Detail.Length == 0 || !File.Exists(source))
        {
            Log.LogError(null, null, null, markdown, block.Line - 1, 0, 0, 0, "The excerpt's file '{0}' does not exist: name it relative to the repository root.", block.Detail);
            return;
        }

        var file = File.ReadAllLines(source).Select(l => l.Trim()).Where(l => l.Length > 0).ToArray();
        var lines = new List<(int Line, string Text, Regex Pattern, bool AfterGap)>();
        var gap = true;
        for (var i = 0; i < block.Lines.Length; i++)
        {
            // A comment the document adds at the end of a line explains it to the reader; the code must match.
            var line = TrailingComment.Replace(block.Lines[i], "").Trim();
            if (line == "...")
            {
                gap = true;
            }
            else if (line.Length > 0)
            {
                var pattern = new Regex("^" + string.Join(".*", line.Split(new[] { "..." }, StringSplitOptions.None).Select(Regex.Escape)) + "$");
                lines.Add((block.Line + i, line, pattern, gap));
                gap = false;
            }
        }

        var unmatched = 0;
        if (!Matches(0, 0))
        {
            var (line, text, _, afterGap) = lines[unmatched];
            Log.LogError(null, null, null, markdown, line, 0, 0, 0,
                "This line of the excerpt is not in {0}{1}: {2}", block.Detail, afterGap ? "" : " right after the line before", text);
        }

        // Whether the excerpt's lines from `next` on match the file from `position` on; a line after a gap may match
        // any later line, so each candidate is tried in turn.
        bool Matches(int next, int position)
        {
            unmatched = Math.Max(unmatched, next);
            if (next == lines.Count)
            {
                return true;
            }

            if (!lines[next].AfterGap)
            {
                return position < file.Length && lines[next].Pattern.IsMatch(file[position]) && Matches(next + 1, position + 1);
            }

            for (var candidate = position; candidate < file.Length; candidate++)
            {
                if (lines[next].Pattern.IsMatch(file[candidate]) && Matches(next + 1, candidate + 1))
                {
                    return true;
                }
            }

            return false;
        }
    }

    private static string Literal(string text) => "\"" + text.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";

    // A raw string literal with more quotes than the longest run inside the text.
    private static string Raw(string text)
    {
        var longest = Regex.Matches(text, "\"+").Cast<Match>().Select(m => m.Length).DefaultIfEmpty(0).Max();
        var quotes = new string('"', Math.Max(3, longest + 1));
        return quotes + "\n" + text + "\n" + quotes;
    }

    // Rewritten only when it changes, so an unchanged document does not force a recompile.
    private static void WriteIfChanged(string path, string text)
    {
        if (!File.Exists(path) || File.ReadAllText(path) != text)
        {
            File.WriteAllText(path, text);
        }
    }
}
