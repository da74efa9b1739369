using System.Security.Cryptography;
using System.Text;

namespace TrioSharp.Mirror;

/// <summary>
/// One of the seed's Project Gutenberg books, served as deterministic generated text of the real file's size.
/// </summary>
/// <param name="Title">The book's title, as the seed names it.</param>
/// <param name="Path">The path on www.gutenberg.org.</param>
/// <param name="Size">The size in bytes of the real file, which the generated text matches.</param>
public sealed record GutenbergBook(string Title, string Path, int Size)
{
    private static readonly string[] Words =
    [
        "the", "and", "of", "to", "a", "in", "he", "was", "that", "his", "her", "with", "had", "it", "as", "at",
        "not", "she", "him", "for", "on", "but", "said", "all", "be", "they", "you", "is", "which", "from", "prince",
        "Pierre", "Natasha", "Elizabeth", "Darcy", "Holmes", "Watson", "letter", "house", "morning", "evening",
        "room", "door", "face", "eyes", "hand", "little", "great", "old", "young", "long", "own", "thought", "knew",
    ];

    private readonly Dictionary<int, (byte[] Bytes, string ETag)> _variants = [];

    /// <summary>The three books of the seed's task 2.</summary>
    public static IReadOnlyList<GutenbergBook> All { get; } =
    [
        new("War and Peace", "/files/2600/2600-0.txt", 3_359_550),
        new("Pride and Prejudice", "/cache/epub/1342/pg1342.txt", 772_419),
        new("The Adventures of Sherlock Holmes", "/files/1661/1661-0.txt", 607_788),
    ];

    /// <summary>The date sent as <c>Last-Modified</c>.</summary>
    public static DateTimeOffset LastModified { get; } = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The book's bytes; <paramref name="variant"/> 0 is the normal text, others are revisions.</summary>
    public byte[] Content(int variant = 0) => Generate(variant).Bytes;

    /// <summary>The strong ETag of a variant's bytes.</summary>
    public string ETag(int variant = 0) => Generate(variant).ETag;

    private (byte[] Bytes, string ETag) Generate(int variant)
    {
        lock (_variants)
        {
            if (!_variants.TryGetValue(variant, out var entry))
            {
                var bytes = Render(variant);
                var etag = "\"" + Convert.ToHexStringLower(SHA256.HashData(bytes))[..16] + "\"";
                entry = (bytes, etag);
                _variants[variant] = entry;
            }

            return entry;
        }
    }

    private byte[] Render(int variant)
    {
        var text = new StringBuilder(Size + 128);
        text.Append("The Project Gutenberg eBook of ").Append(Title).Append("\r\n\r\n")
            .Append("Generated stand-in text of the real file's size, served by the TrioSharp mirror")
            .Append(variant == 0 ? "." : $" (revision {variant}).").Append("\r\n\r\n");
        var state = Fnv1a(Title) ^ (ulong)(variant + 1) * 0x9E3779B97F4A7C15UL;
        var line = 0;
        while (text.Length < Size)
        {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            var word = Words[(int)(state % (ulong)Words.Length)];
            if (line + word.Length + 1 > 72)
            {
                text.Append("\r\n");
                line = 0;
            }
            else if (line > 0)
            {
                text.Append(' ');
                line++;
            }

            text.Append(word);
            line += word.Length;
        }

        var bytes = Encoding.ASCII.GetBytes(text.ToString(0, Size));
        bytes[^2] = (byte)'\r';
        bytes[^1] = (byte)'\n';
        return bytes;
    }

    private static ulong Fnv1a(string value)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in value)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        return hash;
    }
}
