using TrioSharp.Downloads;

namespace TrioSharp.Downloads.Tests;

/// <summary>The <c>.part</c> file's writes: a buffer of any size lands whole, at its place, however it is cut up.</summary>
public sealed class PartFileTests : IDisposable
{
    private readonly TestDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static byte[] Bytes(int count, int seed)
    {
        var bytes = new byte[count];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(32 * 1024)]
    [InlineData(32 * 1024 + 1)]
    [InlineData(512 * 1024 + 7)]
    public void Write_BuffersOfEverySize_FileHoldsThemInOrder(int size)
    {
        var first = Bytes(size, 1);
        var second = Bytes(size, 2);
        using (var part = PartFile.Open(_dir["a.bin.part"], resume: false, hash: false, expectNew: true))
        {
            part.Write(first);
            part.Write(second);
            Assert.Equal(2L * size, part.Length);
        }

        Assert.Equal(first.Concat(second).ToArray(), File.ReadAllBytes(_dir["a.bin.part"]));
    }

    [Fact]
    public void WriteAt_LargeBuffersInAnyOrder_FileHoldsEachAtItsOffset()
    {
        const int Segment = 300 * 1024 + 5;
        var whole = Bytes(3 * Segment, 3);
        using (var part = PartFile.Open(_dir["a.bin.part"], resume: false, hash: false, expectNew: true))
        {
            part.Preallocate(whole.Length);
            part.WriteAt(2L * Segment, whole.AsSpan(2 * Segment));
            part.WriteAt(0, whole.AsSpan(0, Segment));
            part.WriteAt(Segment, whole.AsSpan(Segment, Segment));
        }

        Assert.Equal(whole, File.ReadAllBytes(_dir["a.bin.part"]));
    }
}
