using Verify = TrioSharp.Analyzers.Tests.TrioAnalyzerTest<TrioSharp.Analyzers.YieldWhileHoldingAnalyzer>;

namespace TrioSharp.Analyzers.Tests;

public sealed class YieldWhileHoldingTests
{
    [Fact]
    public Task YieldReturn_InUsingStatementOfAcquisition_Reported() => Verify.VerifyAsync(
        """
        static class Rows
        {
            static async IAsyncEnumerable<int> ReadAsync(TrioLock gate)
            {
                using (await gate.AcquireScopeAsync())
                {
                    {|TRIO007:yield return 1;|}
                }
            }
        }
        """);

    [Fact]
    public Task YieldReturn_AfterUsingDeclarationOfAcquisition_Reported() => Verify.VerifyAsync(
        """
        static class Rows
        {
            static async IAsyncEnumerable<int> ReadAsync(CapacityLimiter limiter)
            {
                using var token = await limiter.AcquireScopeAsync();
                for (var i = 0; i < 3; i++)
                {
                    {|TRIO007:yield return i;|}
                }
            }
        }
        """);

    [Fact]
    public Task YieldReturn_InTryReleasedInFinally_Reported() => Verify.VerifyAsync(
        """
        static class Rows
        {
            static async IAsyncEnumerable<int> ReadAsync(TrioSemaphore slots)
            {
                await slots.AcquireAsync();
                try
                {
                    {|TRIO007:yield return 1;|}
                }
                finally
                {
                    slots.Release();
                }
            }
        }
        """);

    [Fact]
    public Task YieldReturn_AfterTheAcquisitionIsReleased_NotReported() => Verify.VerifyAsync(
        """
        static class Rows
        {
            static async IAsyncEnumerable<int> ReadAsync(TrioLock gate, List<int> source)
            {
                List<int> copy;
                using (await gate.AcquireScopeAsync())
                {
                    copy = new List<int>(source);
                }

                foreach (var row in copy)
                {
                    yield return row;
                }
            }
        }
        """);

    [Fact]
    public Task YieldReturn_InUsingOfOtherDisposable_NotReported() => Verify.VerifyAsync(
        """
        static class Rows
        {
            static IEnumerable<int> Read(IDisposable resource, List<int> source)
            {
                using (resource)
                {
                    foreach (var row in source)
                    {
                        yield return row;
                    }
                }
            }
        }
        """);
}
