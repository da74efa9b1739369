using System.CommandLine;

namespace TrioSharp.Cli.Commands;

/// <summary>Refuses options that contradict each other, as a parse error (exit code 2) naming both.</summary>
internal static class OptionConflicts
{
    /// <summary>Makes giving more than one of <paramref name="options"/> to <paramref name="command"/> an error.</summary>
    public static void Exclusive(Command command, params Option[] options) =>
        command.Validators.Add(result =>
        {
            var given = options.Where(o => result.GetResult(o) is { Implicit: false }).Select(o => o.Name).ToList();
            if (given.Count > 1)
            {
                result.AddError($"{string.Join(" and ", given)} exclude each other; choose one.");
            }
        });
}
