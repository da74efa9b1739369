using System.CommandLine;
using System.Runtime.InteropServices;
using Spectre.Console;
using TrioSharp.Downloads;

namespace TrioSharp.Cli.Commands;

/// <summary><c>triosharp download</c>: downloads files in parallel, safely, with resume and retries.</summary>
internal static class DownloadCommand
{
    public static Command Create(CliConsole console)
    {
        var urls = new Argument<string[]>("urls") { Description = "URLs to download.", Arity = ArgumentArity.ZeroOrMore };
        var inputFile = new Option<string?>("--input-file", "-i") { Description = "Read 'URL [NAME] [sha256:HEX]' lines from FILE, or from standard input with '-'." };
        var outputDir = new Option<string>("--output-dir", "-o") { Description = "Directory to save into (created if missing).", DefaultValueFactory = _ => "." };
        var jobs = new Option<int>("--jobs", "-j") { Description = "Files downloaded at once, in all.", DefaultValueFactory = _ => 8 };
        var perHost = new Option<int>("--per-host") { Description = "Files downloaded at once from one host.", DefaultValueFactory = _ => 4 };
        var checksum = new Option<string?>("--checksum") { Description = "Expected checksum of the single URL given, as sha256:HEX." };
        var force = new Option<bool>("--force") { Description = "Replace existing files (by default a taken name gets a .1, .2, ... suffix)." };
        var noClobber = new Option<bool>("--no-clobber") { Description = "Fail a file whose name is taken instead of adding a suffix." };
        var fsync = new Option<bool>("--fsync") { Description = "Flush each file to the disk before renaming it to its final name." };
        var json = new Option<bool>("--json") { Description = "Print one JSON object per finished file (name, url, path, bytes, sha256, seconds, attempts, status, error)." };
        var retries = new Option<int>("--retries") { Description = "Retries in a row that add no bytes, per file, after connection errors, time-outs, 408, 429 and 5xx (an attempt that adds bytes starts the count again).", DefaultValueFactory = _ => 4 };
        var maxTime = new Option<double?>("--max-time") { Description = "Seconds one file may take in all, retries included (no limit by default)." };
        var connectTimeout = new Option<double>("--connect-timeout") { Description = "Seconds allowed to connect and receive the response headers.", DefaultValueFactory = _ => 30 };
        var stallTimeout = new Option<double>("--stall-timeout") { Description = "Seconds the body may stop arriving before the attempt is retried.", DefaultValueFactory = _ => 30 };
        var maxRedirects = new Option<int>("--max-redirects") { Description = "Redirects followed per request (to http:// and https:// only).", DefaultValueFactory = _ => 20 };
        var header = new Option<string[]>("--header", "-H") { Description = "Send this header with every request, as 'Name: value' (repeatable).", AllowMultipleArgumentsPerToken = false };
        var userAgent = new Option<string>("--user-agent", "-A") { Description = "The User-Agent header.", DefaultValueFactory = _ => "triosharp-download/1.0" };
        var user = new Option<string?>("--user", "-u") { Description = "USER:PASSWORD for HTTP basic authentication, sent only to each URL's own host (never printed)." };
        var proxy = new Option<string?>("--proxy") { Description = "Send every request through this proxy (http://HOST:PORT, socks5://...). Otherwise HTTP_PROXY, HTTPS_PROXY and NO_PROXY apply." };
        var limitRate = new Option<string?>("--limit-rate") { Description = "The most bytes per second for all files together, like 500K, 2M (K, M, G: powers of 1024)." };
        var timestamping = new Option<bool>("--timestamping", "-N") { Description = "Download a file only if the server's copy is newer than the one already there (If-Modified-Since); saved files take the server's date, so a rerun downloads nothing." };
        var skipExisting = new Option<bool>("--skip-existing") { Description = "Skip, without any request, a file whose name is already taken in the output directory, whatever its bytes (-N asks the server instead)." };
        var insecure = new Option<bool>("--insecure", "-k") { Description = "Accept any HTTPS certificate (self-signed, expired, another name): encrypted, but the server is not verified." };
        var caCert = new Option<string?>("--ca-cert") { Description = "Trust only the certificate authorities in FILE (PEM or DER) for HTTPS, instead of the system's." };
        var outputDocument = new Option<string?>("--output-document", "-O") { Description = "'-': write the one URL's bytes to standard output (messages go to standard error)." };
        var split = new Option<int>("--split", "-x") { Description = "Connections per large file (as aria2c -x): a server that accepts ranges sends N ranges at once into one .part, each resumable.", DefaultValueFactory = _ => 1 };
        var http2 = new Option<bool>("--http2-prior-knowledge") { Description = "Speak HTTP/2 from the first byte to http:// URLs (h2c). HTTPS uses HTTP/2 whenever the server offers it." };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "Print only failures, on standard error: no progress display, no per-file lines." };
        var deletePartial = new Option<bool>("--delete-partial") { Description = "Delete the .part file of a file that fails (Ctrl+C always keeps them for resume)." };
        var command = new Command("download", "Download files in parallel: each goes to NAME.part and is renamed only when complete and verified;\n"
            + "reruns resume .part files with Range and If-Range; 429 and 503 are retried after Retry-After.\n"
            + "Exit code: 0 all downloaded, 1 some failed, 2 bad input, 130 interrupted (143 on SIGTERM; rerun to resume).\n"
            + "Examples:\n  triosharp download https://www.gutenberg.org/files/2600/2600-0.txt -o books\n"
            + "  triosharp download -i urls.txt -j 16 --per-host 4 --json > results.jsonl\n"
            + "  triosharp download URL --checksum sha256:9f86d0...")
        {
            urls, inputFile, outputDir, jobs, perHost, checksum, force, noClobber, fsync, json, retries, maxTime, connectTimeout, stallTimeout, maxRedirects, header, userAgent, user, proxy, limitRate, timestamping, skipExisting, insecure, caCert, outputDocument, split, http2, deletePartial, quiet,
        };
        command.SetAction((result, cancellation) =>
        {
            List<DownloadRequest> requests;
            DownloadOptions options;
            try
            {
                requests = DownloadInput.Read(result.GetValue(urls) ?? [], result.GetValue(checksum), result.GetValue(inputFile), console.In);
                if (result.GetValue(force) && result.GetValue(noClobber))
                {
                    throw new FormatException("--force and --no-clobber contradict each other; choose one.");
                }

                if (result.GetValue(timestamping) && result.GetValue(noClobber))
                {
                    throw new FormatException("--timestamping and --no-clobber contradict each other: -N replaces a file when the server's copy is newer.");
                }

                if (result.GetValue(skipExisting) && (result.GetValue(force) || result.GetValue(timestamping)))
                {
                    throw new FormatException(result.GetValue(force)
                        ? "--skip-existing and --force contradict each other: one keeps an existing file, the other replaces it."
                        : "--skip-existing and --timestamping contradict each other: -N asks the server whether an existing file is current; choose one.");
                }

                if (result.GetValue(insecure) && result.GetValue(caCert) is not null)
                {
                    throw new FormatException("--insecure and --ca-cert contradict each other: --insecure verifies nothing.");
                }

                if (result.GetValue(outputDocument) is { } document && (document != "-" || requests.Count != 1 || result.GetValue(json)))
                {
                    throw new FormatException(document != "-"
                        ? $"-O '{document}': only '-' (standard output) is supported; -o DIR chooses where files go."
                        : requests.Count != 1 ? $"-O - writes one URL to standard output; {requests.Count} were given." : "-O - and --json both want standard output; choose one.");
                }

                if (result.GetValue(quiet) && result.GetValue(json))
                {
                    throw new FormatException("--quiet and --json contradict each other; choose one.");
                }

                options = new DownloadOptions
                {
                    Directory = result.GetValue(outputDir)!,
                    MaxConcurrency = result.GetValue(jobs),
                    MaxPerHost = result.GetValue(perHost),
                    MaxAttempts = result.GetValue(retries) + 1,
                    ConnectTimeout = Seconds(result.GetValue(connectTimeout), "--connect-timeout"),
                    StallTimeout = Seconds(result.GetValue(stallTimeout), "--stall-timeout"),
                    Collision = result.GetValue(force) ? CollisionPolicy.Overwrite : result.GetValue(noClobber) ? CollisionPolicy.Fail : CollisionPolicy.Suffix,
                    Fsync = result.GetValue(fsync),
                    ComputeSha256 = result.GetValue(json),
                    Http2PriorKnowledge = result.GetValue(http2),
                    KeepPartialFiles = !result.GetValue(deletePartial),
                    MaxRedirects = result.GetValue(maxRedirects),
                    Headers = DownloadHttpSettings.Headers(result.GetValue(header) ?? []),
                    UserAgent = result.GetValue(userAgent)!,
                    Credentials = DownloadHttpSettings.User(result.GetValue(user)),
                    Proxy = DownloadHttpSettings.Proxy(result.GetValue(proxy)),
                    Timestamping = result.GetValue(timestamping),
                    SkipExisting = result.GetValue(skipExisting),
                    Split = result.GetValue(split),
                    Insecure = result.GetValue(insecure),
                    TrustedRoots = DownloadHttpSettings.Authorities(result.GetValue(caCert)),
                    MaxBytesPerSecond = ByteRate.Parse(result.GetValue(limitRate)),
                    MaxTime = result.GetValue(maxTime) is { } limit ? Seconds(limit, "--max-time") : null,
                };
                Check(options.MaxConcurrency >= 1, "--jobs must be at least 1.");
                Check(options.MaxPerHost >= 1, "--per-host must be at least 1.");
                Check(options.MaxAttempts >= 1, "--retries must be 0 or more.");
                Check(options.MaxRedirects >= 0, "--max-redirects must be 0 or more.");
                Check(options.Split >= 1, "--split must be at least 1.");
            }
            catch (FormatException e)
            {
                console.Error(e.Message);
                return Task.FromResult(ExitCode.BadInput);
            }

            var report = result.GetValue(json) ? Report.Json : result.GetValue(quiet) ? Report.Quiet : Report.Lines;
            if (result.GetValue(outputDocument) is null)
            {
                return Task.FromResult(Execute(console, requests, options, report, null, cancellation));
            }

            using var output = console.OpenBinaryOutput();
            return Task.FromResult(Execute(console, requests, options, report, output, cancellation));
        });
        return command;
    }

    /// <summary>Downloads, reporting as <paramref name="report"/> says; with <paramref name="output"/>, the one request's bytes go there and every message to standard error.</summary>
    private static int Execute(
        CliConsole console, List<DownloadRequest> requests, DownloadOptions options, Report report, Stream? output, CancellationToken cancellation)
    {
        try
        {
            Directory.CreateDirectory(options.Directory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            console.Error($"cannot create the output directory '{options.Directory}': {e.Message}");
            return ExitCode.BadInput;
        }

        using var interrupt = new CtrlC(cancellation, alsoSigterm: true);
        DownloadSession? session = null;
        var interrupted = false;
        if (report == Report.Lines && console.IsTerminal && output is null)
        {
            var terminal = console.Terminal();
            terminal.Progress()
                .AutoClear(true)
                .HideCompleted(true)
                .Columns(
                    new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new DownloadedColumn(),
                    new TransferSpeedColumn(), new RemainingTimeColumn())
                .Start(context =>
                {
                    var display = new DownloadProgressDisplay(terminal, context);
                    session = new DownloadSession(display);
                    interrupted = RunLoop(requests, options, session, display.RefreshUntilAsync, null, interrupt.Token);
                });
        }
        else
        {
            using var batched = new BatchedOutput(output is null ? console.Out : console.Err);
            session = new DownloadSession(report switch
            {
                Report.Json => new DownloadJson(batched.Writer),
                Report.Lines => new DownloadLines(batched.Writer),
                _ => new DownloadLines(console.Err, failuresOnly: true),
            });
            interrupted = RunLoop(requests, options, session, batched.FlushUntilAsync, output, interrupt.Token);
            batched.Flush();
        }

        return interrupted
            ? Interrupt(console, session!.Items, report == Report.Json || output is not null, interrupt.ExitCode)
            : Summarise(console, session!.Items);
    }

    /// <summary>Runs the downloads on a TrioSharp loop; true if Ctrl+C cancelled them.</summary>
    private static bool RunLoop(
        List<DownloadRequest> requests, DownloadOptions options, DownloadSession session, Func<TrioEvent, Task> background, Stream? output,
        CancellationToken cancellation)
    {
        try
        {
            Trio.Run(
                async () =>
                {
                    using var downloader = new Downloader(options);
                    var finished = new TrioEvent();
                    await Nursery.RunAsync(async nursery =>
                    {
                        nursery.StartSoon(() => background(finished), "output");
                        if (output is null)
                        {
                            await downloader.DownloadAllAsync(requests, session);
                        }
                        else
                        {
                            try
                            {
                                await downloader.DownloadToAsync(requests[0], output, session);
                            }
                            catch (DownloadException)
                            {
                                // Reported by the session's observer and counted by the summary, like any failed file.
                            }
                        }

                        // The output task sees this and returns: cancelling it would throw, which costs a short run more.
                        finished.Set();
                    });
                },
                new TrioRunOptions { Cancellation = cancellation });
            return false;
        }
        catch (OperationCanceledException e) when (e.CancellationToken == cancellation)
        {
            return true;
        }
    }

    /// <summary>Says what was left after Ctrl+C or SIGTERM (on standard error when standard output carries data); returns <paramref name="exitCode"/>.</summary>
    private static int Interrupt(CliConsole console, List<DownloadItem> items, bool outputIsData, int exitCode)
    {
        var report = outputIsData ? console.Err : console.Out;
        static bool Done(DownloadItem item) => item.State is DownloadState.Completed or DownloadState.Skipped;
        report.WriteLine($"Interrupted: {items.Count(Done)} of {items.Count} files downloaded. Left:");
        foreach (var item in items.Where(i => !Done(i)))
        {
            var kept = item.Result?.Path is { } part ? $", {item.BytesReceived} of {item.TotalBytes?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?"} bytes kept in {part}" : string.Empty;
            report.WriteLine($"  {item.Name} ({item.State.ToString().ToLowerInvariant()}{kept})");
        }

        report.WriteLine("Run the same command again to resume.");
        return exitCode;
    }

    private static int Summarise(CliConsole console, List<DownloadItem> items)
    {
        var failed = items.Count(i => i.State == DownloadState.Failed);
        if (failed > 0)
        {
            console.Error($"{failed} of {items.Count} downloads failed: {string.Join(", ", items.Where(i => i.State == DownloadState.Failed).Select(i => i.Name))}.");
            return ExitCode.SomeFailed;
        }

        return ExitCode.Success;
    }

    private static TimeSpan Seconds(double seconds, string option) =>
        seconds > 0 && seconds <= TimeSpan.MaxValue.TotalSeconds
            ? TimeSpan.FromSeconds(seconds)
            : throw new FormatException($"{option} must be a positive number of seconds.");

    private static void Check(bool ok, string message)
    {
        if (!ok)
        {
            throw new FormatException(message);
        }
    }

    /// <summary>What the command prints while it works.</summary>
    private enum Report
    {
        /// <summary>A live display on a terminal; seed-style lines elsewhere.</summary>
        Lines,

        /// <summary>One JSON object per finished file.</summary>
        Json,

        /// <summary>Failures only, on standard error.</summary>
        Quiet,
    }
}
