using System.CommandLine;
using TrioSharp.Cli;
using TrioSharp.Cli.Commands;

return await TriosharpCommand.InvokeAsync(args, new CliConsole(Console.Out, Console.Error, Console.In, !Console.IsOutputRedirected));
