using TrioSharp.Mirror;

namespace TrioSharp.WorldBank.Tests;

/// <summary>Runs a test program with a <see cref="WorldBankClient"/> pointed at a mirror, on its own loop.</summary>
internal static class ClientRun
{
    /// <summary>Runs on an autojumping <see cref="VirtualClock"/> unless <paramref name="clock"/> says otherwise.</summary>
    public static Task<T> RunAsync<T>(MirrorServer mirror, WorldBankClientOptions options, Func<WorldBankClient, Task<T>> body, TrioClock? clock = null) =>
        RunAsync(mirror.BaseAddress, options, body, clock);

    /// <summary>The same against any address (a stopped mirror's, for the cache tests).</summary>
    public static Task<T> RunAsync<T>(Uri baseAddress, WorldBankClientOptions options, Func<WorldBankClient, Task<T>> body, TrioClock? clock = null) =>
        // Trio.Run takes over its thread, so it runs off xUnit's synchronization context.
        Task.Run(() => Trio.Run(
            async () =>
            {
                using var http = new HttpClient();
                var client = new WorldBankClient(http, options with { BaseAddress = baseAddress });
                return await body(client);
            },
            new TrioRunOptions { Clock = clock ?? new VirtualClock() }));

    /// <summary>Starts a mirror with <paramref name="faults"/>.</summary>
    public static Task<MirrorServer> MirrorAsync(MirrorFaults? faults = null) =>
        MirrorServer.StartAsync(new MirrorOptions { Faults = faults ?? new MirrorFaults() });

    /// <summary>A <see cref="Random"/> whose draws are all <paramref name="value"/>, so backoff times are exact.</summary>
    public static Random FixedJitter(double value) => new Fixed(value);

    private sealed class Fixed(double value) : Random
    {
        public override double NextDouble() => value;

        protected override double Sample() => value;
    }
}
