using System.Net.Http.Headers;

namespace TrioSharp.Downloads.Tests;

/// <summary>The retry rules that TrioSharp.Downloads and TrioSharp.WorldBank share (src/Shared/RetryTiming.cs).</summary>
public class RetryTimingTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 6, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void RetryAfter_DateWithTheServersDate_IsMeasuredOnTheServersClock()
    {
        using var response = Answer(Now.AddSeconds(30), serverDate: Now.AddSeconds(10));

        Assert.Equal(TimeSpan.FromSeconds(20), RetryTiming.RetryAfter(response, Now));
    }

    [Fact]
    public void RetryAfter_DateWithoutTheServersDate_IsMeasuredFromNow()
    {
        using var response = Answer(Now.AddSeconds(30), serverDate: null);

        Assert.Equal(TimeSpan.FromSeconds(30), RetryTiming.RetryAfter(response, Now));
    }

    [Fact]
    public void RetryAfter_DateInThePast_IsNoWait()
    {
        using var response = Answer(Now.AddSeconds(-5), serverDate: Now);

        Assert.Equal(TimeSpan.Zero, RetryTiming.RetryAfter(response, Now));
    }

    [Fact]
    public void RetryAfter_NoHeader_IsNull()
    {
        using var response = new HttpResponseMessage(System.Net.HttpStatusCode.ServiceUnavailable);

        Assert.Null(RetryTiming.RetryAfter(response, Now));
    }

    [Fact]
    public void Backoff_ThirdAttempt_IsHalfTheCeilingPlusTheRandomHalf()
    {
        // Ceiling: 1 s × 2² = 4 s; half fixed (2 s) and a quarter of the other half (0.5 s).
        var wait = RetryTiming.Backoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60), 3, new FixedRandom(0.25));

        Assert.Equal(TimeSpan.FromSeconds(2.5), wait);
    }

    [Fact]
    public void Backoff_ManyAttempts_NeverExceedsTheMaximum()
    {
        var wait = RetryTiming.Backoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10), 1_000, new FixedRandom(0.999_999));

        Assert.InRange(wait, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(10));
    }

    [Theory]
    [InlineData(408, true)]
    [InlineData(429, true)]
    [InlineData(500, true)]
    [InlineData(503, true)]
    [InlineData(404, false)]
    [InlineData(401, false)]
    public void IsRetriableStatus_Status_SaysWhetherAnotherAttemptMaySucceed(int status, bool retriable) =>
        Assert.Equal(retriable, RetryTiming.IsRetriableStatus(status));

    private static HttpResponseMessage Answer(DateTimeOffset retryAt, DateTimeOffset? serverDate)
    {
        var response = new HttpResponseMessage(System.Net.HttpStatusCode.TooManyRequests);
        response.Headers.RetryAfter = new RetryConditionHeaderValue(retryAt);
        response.Headers.Date = serverDate;
        return response;
    }
}
