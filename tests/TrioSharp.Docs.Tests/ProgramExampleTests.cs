using System.Text.Json;
using System.Text.RegularExpressions;
using TrioSharp.Mirror;
using TrioSharp.Scheduling.PostgreSql;

namespace TrioSharp.Docs.Tests;

/// <summary>
/// Runs every program of the documentation as written: those followed by a ```text block must print exactly it;
/// the others each have a test here (marked with the program's id as the "Example" trait) that checks what they do.
/// Network programs talk to the embedded mirror or to their own Kestrel on 127.0.0.1, never to the internet.
/// </summary>
[Collection(nameof(SerialExamples))]
public sealed partial class ProgramExampleTests
{
    public static TheoryData<string> ProgramsWithOutput() =>
        new(DocCatalogue.Blocks.Where(b => b is { Kind: DocBlockKind.Program, Output: not null }).Select(b => b.Id));

    [Theory]
    [MemberData(nameof(ProgramsWithOutput))]
    public async Task Program_WithADocumentedOutput_PrintsExactlyThatOutput(string id)
    {
        var block = DocCatalogue.Blocks.Single(b => b.Id == id);
        using var scratch = ScratchDirectory.Enter();

        var output = await ConsoleCapture.RunAsync(DocCatalogue.Programs[id]);

        Assert.Equal(block.Output, output);
    }

    [Fact]
    [Trait("Example", "Readme_TriosharpGdp")]
    public Task ReadmeWorldBank_AgainstTheMirror_PrintsGrowthForEveryCountry() => AssertGrowthForEveryCountryAsync("Readme_TriosharpGdp");

    [Fact]
    [Trait("Example", "WorldBankReadme_TrioSharpWorldBank")]
    public Task WorldBankReadme_AgainstTheMirror_PrintsGrowthForEveryCountry() => AssertGrowthForEveryCountryAsync("WorldBankReadme_TrioSharpWorldBank");

    [Fact]
    [Trait("Example", "DownloadsReadme_TrioSharpDownloads")]
    public async Task DownloadsReadme_AgainstTheMirror_SavesTheBookWholeAndSaysSo()
    {
        await using var mirror = await MirrorServer.StartAsync();
        var url = new Uri(mirror.BaseAddress, "files/2600/2600-0.txt");
        using var http = new HttpClient();
        var book = await http.GetByteArrayAsync(url);
        using var scratch = ScratchDirectory.Enter();

        var output = await ConsoleCapture.RunAsync(DocCatalogue.Programs["DownloadsReadme_TrioSharpDownloads"], url.ToString());

        var saved = Path.Combine(scratch.Path, "books", "2600-0.txt");
        Assert.Equal($"Completed {saved} {book.Length} bytes\n", output);
        Assert.Equal(book, await File.ReadAllBytesAsync(saved));
    }

    [Fact]
    [Trait("Example", "Readme_QuickStart2")]
    public Task ReadmeWebApplication_BothEndpoints_AnswerFromTheirLoops() =>
        AssertWebProgramAnswersAsync("Readme_QuickStart2", ("/quote", "a quote"), ("/report", "a report"));

    [Fact]
    [Trait("Example", "Design_HostingALoopPerRequestOrOneLoopPerHost")]
    public Task DesignLoopPerRequest_Quote_AnswersFromTheRequestsLoop() =>
        AssertWebProgramAnswersAsync("Design_HostingALoopPerRequestOrOneLoopPerHost", ("/quote", "a quote"));

    [Fact]
    [Trait("Example", "Design_HostingALoopPerRequestOrOneLoopPerHost2")]
    public Task DesignLoopPerHost_Report_AnswersFromTheSharedLoop() =>
        AssertWebProgramAnswersAsync("Design_HostingALoopPerRequestOrOneLoopPerHost2", ("/report", "a report"));

    [Fact]
    [Trait("Example", "HostingReadme_TrioSharpHosting")]
    public Task HostingReadme_Work_AnswersWithItsId() =>
        AssertWebProgramAnswersAsync("HostingReadme_TrioSharpHosting", ("/work/7", "done 7"));

    [Fact]
    [Trait("Example", "Scheduler_DurableModeOnPostgreSQL")]
    public Task SchedulerDurableMode_OnPostgreSql_RunsTheJobToCompletion() =>
        AssertPostgreSqlProgramPrintsAsync("Scheduler_DurableModeOnPostgreSQL", @"^resized a\.png to 320 px\njob \d+: Completed\n$");

    [Fact]
    [Trait("Example", "SchedulingPostgreSqlReadme_TrioSharpSchedulingPostgreSql")]
    public Task SchedulingPostgreSqlReadme_OnPostgreSql_RunsTheJobToCompletion() =>
        AssertPostgreSqlProgramPrintsAsync("SchedulingPostgreSqlReadme_TrioSharpSchedulingPostgreSql", @"^resized a\.png\njob \d+: Completed\n$");

    // Runs a durable-scheduler example against the test run's PostgreSQL, in a scratch directory for the files it writes.
    private static async Task AssertPostgreSqlProgramPrintsAsync(string id, string pattern)
    {
        using var scratch = ScratchDirectory.Enter();

        var output = await ConsoleCapture.RunAsync(DocCatalogue.Programs[id], PostgreSqlConnectionString());

        Assert.Matches(pattern, output);
    }

    // Every country of the mirror's list gets one line, its id and its growth from 1999 to 2019 (two decimals, or
    // nothing where the mirror has no value for one of the years).
    private static async Task AssertGrowthForEveryCountryAsync(string id)
    {
        await using var mirror = await MirrorServer.StartAsync();
        using var scratch = ScratchDirectory.Enter();

        var output = await ConsoleCapture.RunAsync(DocCatalogue.Programs[id], mirror.BaseAddress.ToString());

        var lines = output.TrimEnd('\n').Split('\n');
        Assert.All(lines, line => Assert.Matches(GrowthLine(), line));
        Assert.Equal(await CountryIdsAsync(mirror.BaseAddress), lines.Select(l => l.Split(' ')[0]).Order(StringComparer.Ordinal));
        Assert.Contains(lines, line => line.StartsWith("USA ", StringComparison.Ordinal) && line.Length > "USA ".Length);
    }

    // The ids of the mirror's country list, read from its JSON directly (the API's first element is the paging header).
    private static async Task<IEnumerable<string>> CountryIdsAsync(Uri mirror)
    {
        using var http = new HttpClient();
        using var list = JsonDocument.Parse(await http.GetStringAsync(new Uri(mirror, "v2/country?format=json&per_page=20000")));
        Assert.Equal(1, list.RootElement[0].GetProperty("pages").GetInt32());
        return list.RootElement[1].EnumerateArray().Select(c => c.GetProperty("id").GetString()!).Order(StringComparer.Ordinal).ToList();
    }

    // Runs a web program on 127.0.0.1 and asks each path in turn.
    private static async Task AssertWebProgramAnswersAsync(string id, params (string Path, string Body)[] answers)
    {
        await using var app = await WebExampleHost.StartAsync(DocCatalogue.Programs[id]);
        foreach (var (path, body) in answers)
        {
            Assert.Equal(body, await app.Client.GetStringAsync(new Uri(path, UriKind.Relative)));
        }
    }

    // The durable scheduler's programs need a real PostgreSQL, as its own tests do (eng/with-postgres.sh sets TRIOSHARP_PG).
    private static string PostgreSqlConnectionString() =>
        Environment.GetEnvironmentVariable("TRIOSHARP_PG") is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                "TRIOSHARP_PG is not set: the durable scheduler's examples need a real PostgreSQL. Run the tests as the README says: eng/with-postgres.sh dotnet test TrioSharp.slnx");

    [GeneratedRegex(@"^[A-Z0-9]{3} (-?\d+\.\d\d)?$")]
    private static partial Regex GrowthLine();
}
