using System.CommandLine;
using System.CommandLine.Invocation;
using System.Reflection;

namespace TrioSharp.Cli.Commands;

/// <summary>Prints the tool's own version for <c>triosharp --version</c> (the package version and its commit).</summary>
internal sealed class VersionAction : SynchronousCommandLineAction
{
    /// <summary>The informational version of the <c>triosharp</c> assembly.</summary>
    public static string Version { get; } =
        typeof(VersionAction).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    /// <inheritdoc/>
    public override int Invoke(ParseResult parseResult)
    {
        parseResult.InvocationConfiguration.Output.WriteLine(Version);
        return ExitCode.Success;
    }
}
