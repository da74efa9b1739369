using System.Reflection;
using System.Runtime.CompilerServices;
using System.Xml.Linq;

namespace TrioSharp.Tests.Docs;

/// <summary>
/// The API rule of docs/design.md: every public method and constructor of TrioSharp documents each parameter
/// (<c>&lt;param&gt;</c>) and, unless it returns nothing, its result (<c>&lt;returns&gt;</c>), or inherits its docs.
/// </summary>
public class XmlDocCompletenessTests
{
    [Fact]
    public void PublicMethods_OfTrioSharp_DocumentEveryParameterAndResult()
    {
        var assembly = typeof(Trio).Assembly;
        var library = assembly.GetName().Name!;
        var xml = XDocument.Load(Path.Combine(AppContext.BaseDirectory, library + ".xml"));
        var members = xml.Descendants("member")
            .Select(m => (Name: (string)m.Attribute("name")!, Params: m.Elements("param").Select(p => (string)p.Attribute("name")!).ToHashSet(),
                Returns: m.Element("returns") is not null, Inherits: m.Element("inheritdoc") is not null))
            .Where(m => m.Name.StartsWith("M:", StringComparison.Ordinal))
            .ToList();

        var gaps = new List<string>();
        foreach (var type in assembly.GetExportedTypes().Where(t => !t.IsEnum && !typeof(Delegate).IsAssignableFrom(t)))
        {
            var prefix = "M:" + type.FullName!.Replace('+', '.') + ".";
            IEnumerable<MethodBase> methods = type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)
                .Where(m => !m.IsSpecialName && !m.IsDefined(typeof(CompilerGeneratedAttribute)));
            methods = methods.Concat(type.GetConstructors().Where(c => c.GetParameters().Length > 0 && !c.IsDefined(typeof(CompilerGeneratedAttribute))));
            foreach (var method in methods)
            {
                var name = method is ConstructorInfo ? "#ctor" : method.Name;
                var parameters = method.GetParameters().Select(p => p.Name!).ToHashSet();
                var candidates = members.Where(m =>
                    m.Name.StartsWith(prefix + name + "(", StringComparison.Ordinal)
                    || m.Name.StartsWith(prefix + name + "``", StringComparison.Ordinal)
                    || (parameters.Count == 0 && m.Name == prefix + name)).ToList();
                if (candidates.Count == 0)
                {
                    // Not documented in this assembly (an override documented by its base) or a record's generated member.
                    continue;
                }

                var returnsSomething = method is MethodInfo info && info.ReturnType != typeof(void);
                var documented = candidates.Any(m => m.Inherits
                    || (parameters.IsSubsetOf(m.Params) && (!returnsSomething || m.Returns)));
                if (!documented)
                {
                    gaps.Add($"{type.Name}.{name}({string.Join(", ", parameters)})");
                }
            }
        }

        Assert.Empty(gaps);
    }
}
