using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace TrioSharp.Hosting.Tests.SharedLoop;

public sealed class AddTrioTests
{
    [Fact]
    public void AddTrio_CalledTwice_RegistersOneLoopWithBothConfigurations()
    {
        var services = new ServiceCollection();
        var clock = new VirtualClock();
        services.AddTrio(options => options.Clock = clock);
        services.AddTrio(options => options.GracePeriod = TimeSpan.FromSeconds(1));

        using var provider = services.BuildServiceProvider();

        var hosted = Assert.Single(provider.GetServices<IHostedService>());
        Assert.Same(provider.GetRequiredService<TrioLoop>(), hosted);
        var options = provider.GetRequiredService<IOptions<TrioHostOptions>>().Value;
        Assert.Same(clock, options.Clock);
        Assert.Equal(TimeSpan.FromSeconds(1), options.GracePeriod);
    }

    [Fact]
    public void GracePeriod_Negative_ThrowsNamingTheSetting()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new TrioHostOptions { GracePeriod = TimeSpan.FromSeconds(-1) });

        Assert.Contains("GracePeriod", error.Message, StringComparison.Ordinal);
    }
}
