using System.Reflection;
using System.Runtime.CompilerServices;

namespace TrioSharp;

/// <summary>Names a task after the method it runs, for messages and deadlock reports.</summary>
internal static class TaskName
{
    /// <summary>The method's name, or "Type.lambda" for a lambda, or "task" when there is nothing to go on.</summary>
    /// <param name="function">The delegate the task was spawned with, or null.</param>
    /// <returns>The name to give the task.</returns>
    public static string Of(Delegate? function)
    {
        if (function is null)
        {
            return "task";
        }

        var method = function.Method;
        if (!IsCompilerGenerated(method))
        {
            return method.Name;
        }

        // Lambdas live in compiler-generated closure classes ("<>c", "<>c__DisplayClass4_0"): name the user's type.
        var type = method.DeclaringType;
        while (type is not null && IsCompilerGenerated(type))
        {
            type = type.DeclaringType;
        }

        return $"{type?.Name ?? "task"}.lambda";
    }

    private static bool IsCompilerGenerated(MemberInfo member) =>
        member.IsDefined(typeof(CompilerGeneratedAttribute), false) || member.Name.Contains('<', StringComparison.Ordinal);
}
