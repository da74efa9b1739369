using TrioSharp.WorldBank;

namespace TrioSharp.Cli.Seeds;

/// <summary>
/// Task 3a: GDP for 20 countries, at most 5 requests at a time, results through a memory channel that a
/// 3-second timer closes.
/// </summary>
internal static class Task3a
{
    public static async Task RunAsync(SeedSettings settings)
    {
        using var http = new HttpClient();
        var client = GdpReport.Client(http, settings.WorldBank);
        var (countryIds, countryMapping) = await GdpReport.FirstTwentyCountriesAsync(client);
        const int MaxThreads = 5;
        var numResults = countryIds.Count;
        var (sendChannel, receiveChannel) = MemoryChannel.Create<IReadOnlyList<IndicatorValue>>(numResults);
        var allDfs = new List<IReadOnlyList<IndicatorValue>>();
        var semaphore = new TrioSemaphore(MaxThreads);
        await Nursery.RunAsync(nursery =>
        {
            foreach (var id in countryIds)
            {
                var query = GdpReport.GdpQuery(id);
                nursery.StartSoon(() => GetJsonFromUrlWithSemaphore(semaphore, sendChannel, query, client), $"get_json_from_url_with_semaphore({id})");
            }

            nursery.StartSoon(() => CloseAfterTimeout(sendChannel), "close_after_timeout");
            return Task.CompletedTask;
        });
        await foreach (var df in receiveChannel)
        {
            allDfs.Add(df);
        }

        GdpReport.Print(settings.Output, countryIds, countryMapping, allDfs);
    }

    /// <summary>Fetches one country's GDP while holding a semaphore unit, and sends its rows through the channel.</summary>
    private static async Task GetJsonFromUrlWithSemaphore(
        TrioSemaphore semaphore, MemorySendChannel<IReadOnlyList<IndicatorValue>> sendChannel, IndicatorQuery query, WorldBankClient client)
    {
        IReadOnlyList<IndicatorValue> df;
        using (await semaphore.AcquireScopeAsync())
        {
            df = await client.GetIndicatorValuesAsync(query);
        }

        await sendChannel.SendAsync(df);
    }

    /// <summary>Waits 3 seconds, then closes the channel, ending the receiver's loop.</summary>
    private static async Task CloseAfterTimeout(MemorySendChannel<IReadOnlyList<IndicatorValue>> sendChannel)
    {
        await Trio.Sleep(3);
        await sendChannel.DisposeAsync();
    }
}
