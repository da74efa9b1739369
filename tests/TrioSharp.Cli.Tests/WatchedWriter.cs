namespace TrioSharp.Cli.Tests;

/// <summary>Passes what is written on to another writer, and each whole line to a callback.</summary>
internal sealed class WatchedWriter(TextWriter inner, Action<string> onLine) : TextWriter
{
    public override System.Text.Encoding Encoding => inner.Encoding;

    public override void Write(char value) => inner.Write(value);

    public override void Write(string? value) => inner.Write(value);

    public override void WriteLine(string? value)
    {
        inner.WriteLine(value);
        onLine(value ?? string.Empty);
    }
}
