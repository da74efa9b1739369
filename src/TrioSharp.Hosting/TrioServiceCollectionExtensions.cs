using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace TrioSharp.Hosting;

/// <summary>Registers the host's shared TrioSharp loop.</summary>
public static class TrioServiceCollectionExtensions
{
    /// <summary>
    /// Registers one <see cref="TrioLoop"/> as a singleton and as a hosted service: the host starts it and, when it
    /// stops, gives work in flight <see cref="TrioHostOptions.GracePeriod"/> to finish, cancels the rest and waits for it.
    /// </summary>
    /// <remarks>Calling it again adds the configuration; there is still one loop. Register <see cref="TrioBackgroundService"/>s after it.</remarks>
    /// <param name="services">The host's services.</param>
    /// <param name="configure">Sets the clock, the scheduling policy and the grace period; defaults when null.</param>
    /// <returns><paramref name="services"/>, for chaining.</returns>
    public static IServiceCollection AddTrio(this IServiceCollection services, Action<TrioHostOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<TrioHostOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddSingleton(provider => new TrioLoop(
            provider.GetRequiredService<IOptions<TrioHostOptions>>().Value,
            provider.GetService<ILogger<TrioLoop>>() ?? NullLogger<TrioLoop>.Instance));
        services.AddHostedService(provider => provider.GetRequiredService<TrioLoop>());
        return services;
    }
}
