using System.Reflection;
using System.Text.RegularExpressions;
using Spectre.Console;
using TrioSharp.Mirror;

namespace TrioSharp.Cli.Tests.Commands;

/// <summary>The command-line convention of docs/cli.md, rule by rule, for every command.</summary>
public sealed partial class ConventionTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"triosharp-convention-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    [Theory]
    [InlineData("seed", "--ofline", "--offline", "seed", "--ofline", "1a")]
    [InlineData("gdp", "--concurency", "--concurrency", "gdp", "--concurency", "3")]
    [InlineData("download", "--retrys", "--retries", "download", "--retrys", "2", "http://127.0.0.1:1/a.bin")]
    [InlineData("mirror", "--prot", "--port", "mirror", "--prot", "0")]
    [InlineData("wb countries", "--ecnomies", "--economies", "wb", "countries", "--ecnomies")]
    [InlineData("wb data", "--shap", "--shape", "wb", "data", "-i", "EN.ATM.CO2E.KT", "--shap", "wide")]
    public async Task Invoke_MisspelledOption_ExitsTwoNamingItAndTheNearestOption(string command, string typed, string nearest, params string[] args)
    {
        var run = await CliRun.InvokeAsync(args);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal([$"error: unknown option {typed}; did you mean {nearest}?", $"See 'triosharp {command} --help' for the options."], run.ErrorLines);
        Assert.Empty(run.Output);
    }

    [Theory]
    [InlineData("seed", "seed", "1a", "--bogus")]
    [InlineData("gdp", "gdp", "--bogus")]
    [InlineData("download", "download", "--bogus", "http://127.0.0.1:1/a.bin")]
    [InlineData("mirror", "mirror", "--bogus")]
    [InlineData("wb countries", "wb", "countries", "--bogus")]
    [InlineData("wb data", "wb", "data", "-i", "EN.ATM.CO2E.KT", "--bogus")]
    public async Task Invoke_UnknownOption_SaysUnknownOptionInOneLinePlusTheHint(string command, params string[] args)
    {
        var run = await CliRun.InvokeAsync(args);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal(2, run.ErrorLines.Length);
        Assert.StartsWith("error: unknown option --bogus; did you mean --", run.ErrorLines[0], StringComparison.Ordinal);
        Assert.Equal($"See 'triosharp {command} --help' for the options.", run.ErrorLines[1]);
    }

    [Fact]
    public async Task Download_OptionLikeUrlAfterDoubleDash_IsAnArgumentNotAnOption()
    {
        var run = await CliRun.InvokeAsync("download", "--", "-x");

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("error: '-x': '-x' is not an absolute http:// or https:// URL.", run.ErrorLines[0]);
    }

    [Theory]
    [InlineData("seed", "error: Argument '9z' not recognized. Must be one of: '1a' '1b' '2' '3a' '3b' '4a' '4b' 'all'", "seed", "9z")]
    [InlineData("seed", "error: Required argument missing for command: 'seed'.", "seed")]
    [InlineData("gdp", "error: -j 'abc' is not a whole number (up to 2147483647).", "gdp", "-j", "abc")]
    [InlineData("gdp", "error: -j '99999999999' is not a whole number (up to 2147483647).", "gdp", "-j", "99999999999")]
    [InlineData("download", "error: --jobs 'many' is not a whole number (up to 2147483647).", "download", "--jobs", "many", "http://127.0.0.1:1/a.bin")]
    [InlineData("mirror", "error: --failure-rate 'half' is not a number.", "mirror", "--failure-rate", "half")]
    [InlineData("wb data", "error: --mrv 'abc' is not a whole number (up to 2147483647).", "wb", "data", "-i", "EN.ATM.CO2E.KT", "--mrv", "abc")]
    [InlineData("wb data", "error: Argument 'tall' not recognized. Must be one of: 'long' 'wide'", "wb", "data", "-i", "EN.ATM.CO2E.KT", "--shape", "tall")]
    [InlineData("wb countries", "error: --base-url must be an absolute http:// or https:// URL; got 'ftp://x/'.", "wb", "countries", "--base-url", "ftp://x/")]
    public async Task Invoke_ParserError_ExitsTwoWithOneLineAndTheHintNotTheHelp(string command, string error, params string[] args)
    {
        var run = await CliRun.InvokeAsync(args);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal([error, $"See 'triosharp {command} --help' for the options."], run.ErrorLines);
        Assert.Empty(run.Output);
    }

    [Theory]
    [InlineData("gdp", "error: --concurrency 0 is out of range", "gdp", "--concurrency", "0")]
    [InlineData("download", "error: --jobs must be at least 1.", "download", "--jobs", "0", "http://127.0.0.1:1/a.bin")]
    [InlineData("mirror", "error: --failure-rate must be between 0 and 1.", "mirror", "--failure-rate", "2")]
    public async Task Invoke_BadValueFoundByTheCommand_ExitsTwoWithOneLineAndTheHint(string command, string error, params string[] args)
    {
        var run = await CliRun.InvokeAsync(args);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal(2, run.ErrorLines.Length);
        Assert.StartsWith(error, run.ErrorLines[0], StringComparison.Ordinal);
        Assert.Equal($"See 'triosharp {command} --help' for the options.", run.ErrorLines[1]);
    }

    [Fact]
    public async Task Mirror_PortOutOfRange_SaysTheRangeWithoutExceptionText()
    {
        var run = await CliRun.InvokeAsync("mirror", "--port", "99999");

        Assert.Equal(2, run.ExitCode);
        Assert.Equal(
            ["error: --port 99999 is out of range; allowed: 0 to 65535 (0 picks a free port).", "See 'triosharp mirror --help' for the options."],
            run.ErrorLines);
    }

    [Theory]
    [InlineData("seed", "--offline and --gutenberg-url", "seed", "2", "--offline", "--gutenberg-url", "http://127.0.0.1:1/")]
    [InlineData("gdp", "--csv and --json", "gdp", "--offline", "--csv", "--json")]
    [InlineData("download", "--force and --no-clobber", "download", "--force", "--no-clobber", "http://127.0.0.1:1/a.bin")]
    [InlineData("mirror", "--cut-body-at and --stall-body-at", "mirror", "--cut-body-at", "10", "--stall-body-at", "10")]
    [InlineData("wb countries", "--csv and --json", "wb", "countries", "--offline", "--csv", "--json")]
    [InlineData("wb data", "--csv and --json", "wb", "data", "--offline", "-i", "EN.ATM.CO2E.KT", "--csv", "--json")]
    public async Task Invoke_ConflictingOptions_AreRefusedWithExitTwo(string command, string both, params string[] args)
    {
        var run = await CliRun.InvokeAsync(args);

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith($"error: {both} ", run.ErrorLines[0], StringComparison.Ordinal);
        Assert.Equal($"See 'triosharp {command} --help' for the options.", run.ErrorLines[^1]);
        Assert.Empty(run.Output);
    }

    [Fact]
    public async Task Version_Root_PrintsTheInformationalVersionAndExitsZero()
    {
        var run = await CliRun.InvokeAsync("--version");

        var version = typeof(TrioSharp.Cli.Commands.ExitCode).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion;
        Assert.Equal(0, run.ExitCode);
        Assert.Equal([version], run.Lines);
    }

    [Theory]
    [InlineData(null, ColorSystemSupport.Detect)]
    [InlineData("", ColorSystemSupport.Detect)]
    [InlineData("1", ColorSystemSupport.NoColors)]
    public void ColorsFor_NoColorVariable_TurnsColoursOffWhenSet(string? noColor, ColorSystemSupport expected) =>
        Assert.Equal(expected, CliConsole.ColorsFor(noColor));

    [Fact]
    public async Task Gdp_TerminalWithColours_ColoursTheTable()
    {
        var run = await CliRun.InvokeAsync(new CliSetup(IsTerminal: true) { Colors = ColorSystemSupport.TrueColor }, "gdp", "--offline", "-c", "ABW");

        Assert.Equal(0, run.ExitCode);
        Assert.Matches(ColourCode(), run.Output);
    }

    [Fact]
    public async Task Seed_TerminalUnderNoColor_WritesNoColourCodes()
    {
        var run = await CliRun.InvokeAsync(new CliSetup(IsTerminal: true) { Colors = ColorSystemSupport.NoColors }, "seed", "1a", "--virtual-time");

        Assert.Equal(0, run.ExitCode);
        Assert.DoesNotMatch(ColourCode(), run.Output + run.Error);
    }

    [Fact]
    public async Task Gdp_TerminalUnderNoColor_WritesTheTableWithoutColourCodes()
    {
        var run = await CliRun.InvokeAsync(new CliSetup(IsTerminal: true) { Colors = ColorSystemSupport.NoColors }, "gdp", "--offline", "-c", "ABW");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("Aruba", run.Output, StringComparison.Ordinal);
        Assert.DoesNotMatch(ColourCode(), run.Output + run.Error);
    }

    [Fact]
    public async Task Download_TerminalWithColours_ColoursTheProgress()
    {
        await using var mirror = await MirrorServer.StartAsync();

        var run = await CliRun.InvokeAsync(new CliSetup(IsTerminal: true) { Colors = ColorSystemSupport.TrueColor }, "download", "-o", _dir, Url(mirror));

        Assert.Equal(0, run.ExitCode);
        Assert.Matches(ColourCode(), run.Output);
    }

    [Fact]
    public async Task Download_TerminalUnderNoColor_WritesNoColourCodes()
    {
        await using var mirror = await MirrorServer.StartAsync();

        var run = await CliRun.InvokeAsync(new CliSetup(IsTerminal: true) { Colors = ColorSystemSupport.NoColors }, "download", "-o", _dir, Url(mirror));

        Assert.Equal(0, run.ExitCode);
        Assert.True(File.Exists(Path.Combine(_dir, "a.bin")));
        Assert.DoesNotMatch(ColourCode(), run.Output + run.Error);
    }

    [Fact]
    public async Task Mirror_TerminalUnderNoColor_WritesNoColourCodes()
    {
        var run = await RunMirrorAsync(new CliSetup(IsTerminal: true) { Colors = ColorSystemSupport.NoColors });

        Assert.Contains("Mirror listening on http://127.0.0.1:", run.Output, StringComparison.Ordinal);
        Assert.DoesNotMatch(ColourCode(), run.Output + run.Error);
    }

    [Fact]
    public async Task Seed_OnAPipe_WritesNoEscapeCodes()
    {
        var run = await CliRun.InvokeAsync(new CliSetup { Colors = ColorSystemSupport.TrueColor }, "seed", "1a", "--virtual-time");

        Assert.Equal(0, run.ExitCode);
        Assert.DoesNotContain('\x1b', run.Output + run.Error);
    }

    [Fact]
    public async Task Gdp_OnAPipe_WritesPlainLinesWithoutEscapeCodes()
    {
        var run = await CliRun.InvokeAsync(new CliSetup { Colors = ColorSystemSupport.TrueColor }, "gdp", "--offline", "-c", "ABW");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(["Aruba GDP Growth: 97.10%"], run.Lines);
        Assert.DoesNotContain('\x1b', run.Output + run.Error);
    }

    [Fact]
    public async Task Download_OnAPipe_WritesPlainLinesWithoutEscapeCodes()
    {
        await using var mirror = await MirrorServer.StartAsync();

        var run = await CliRun.InvokeAsync(new CliSetup { Colors = ColorSystemSupport.TrueColor }, "download", "-o", _dir, Url(mirror));

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(["(1) Downloading a.bin...", "Finished downloading a.bin"], run.Lines);
        Assert.DoesNotContain('\x1b', run.Output + run.Error);
    }

    [Fact]
    public async Task WbCountries_OnAPipe_WritesPlainLinesWithoutEscapeCodes()
    {
        var run = await CliRun.InvokeAsync(new CliSetup { Colors = ColorSystemSupport.TrueColor }, "wb", "countries", "--offline", "--region", "NAC");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(4, run.Lines.Length);
        Assert.DoesNotContain('\x1b', run.Output + run.Error);
    }

    [Fact]
    public async Task WbData_OnAPipe_WritesPlainLinesWithoutEscapeCodes()
    {
        var run = await CliRun.InvokeAsync(new CliSetup { Colors = ColorSystemSupport.TrueColor }, "wb", "data", "--offline", "-i", "EN.ATM.CO2E.KT", "-c", "US", "--mrv", "2");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(3, run.Lines.Length);
        Assert.DoesNotContain('\x1b', run.Output + run.Error);
    }

    [Fact]
    public async Task Mirror_OnAPipe_WritesPlainLinesWithoutEscapeCodes()
    {
        var run = await RunMirrorAsync(new CliSetup { Colors = ColorSystemSupport.TrueColor });

        Assert.Contains("Mirror listening on http://127.0.0.1:", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain('\x1b', run.Output + run.Error);
    }

    [Fact]
    public async Task Mirror_StoppedByCtrlC_ExitsZeroAsAServerDoes()
    {
        var run = await RunMirrorAsync(new CliSetup());

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("Mirror stopped.", run.Lines[^1]);
    }

    private static string Url(MirrorServer mirror) => new Uri(mirror.BaseAddress, "data/5000/a.bin").AbsoluteUri;

    /// <summary>Runs <c>mirror --port 0</c> and stops it as Ctrl+C would once it has said where it listens.</summary>
    private static async Task<CliRun> RunMirrorAsync(CliSetup setup)
    {
        using var stop = new CancellationTokenSource();
        return await CliRun.InvokeAsync(
            setup with
            {
                Cancellation = stop.Token,
                OnOutput = line =>
                {
                    if (line.StartsWith("  http", StringComparison.Ordinal) && line.Contains("/data/", StringComparison.Ordinal))
                    {
                        stop.Cancel();
                    }
                },
            },
            "mirror",
            "--port",
            "0");
    }

    /// <summary>An SGR sequence that sets a colour (foreground or background, 16, 256 or true colours).</summary>
    [GeneratedRegex(@"\x1b\[(?:[0-9;]*;)?(?:3[0-7]|4[0-7]|9[0-7]|38|48)[;m]")]
    private static partial Regex ColourCode();
}
