using TrioSharp.WorldBank;

namespace TrioSharp.Cli.Seeds;

/// <summary>
/// Task 3b: the same report as 3a as a producer/consumer pipeline: a consumer drains the channel while
/// producers fill it, and the channel closes when the last producer finishes, not on a timer.
/// </summary>
internal static class Task3b
{
    public static async Task RunAsync(SeedSettings settings)
    {
        using var http = new HttpClient();
        var client = GdpReport.Client(http, settings.WorldBank);
        var (countryIds, countryMapping) = await GdpReport.FirstTwentyCountriesAsync(client);
        const int MaxThreads = 5;
        const int NumResults = 5;
        var (sendChannel, receiveChannel) = MemoryChannel.Create<IReadOnlyList<IndicatorValue>>(NumResults);
        var allDfs = new List<IReadOnlyList<IndicatorValue>>();
        var semaphore = new TrioSemaphore(MaxThreads);
        await Nursery.RunAsync(async consumers =>
        {
            consumers.StartSoon(() => ConsumeData(receiveChannel, allDfs), "consume_data");
            await using (sendChannel)
            {
                await Nursery.RunAsync(producers =>
                {
                    foreach (var id in countryIds)
                    {
                        var query = GdpReport.GdpQuery(id);
                        var producerChannel = sendChannel.Clone();
                        producers.StartSoon(() => GetJsonFromUrlWithSemaphore(semaphore, producerChannel, query, client), $"get_json_from_url_with_semaphore({id})");
                    }

                    return Task.CompletedTask;
                });
            }
        });
        GdpReport.Print(settings.Output, countryIds, countryMapping, allDfs);
    }

    /// <summary>Receives until every send handle is closed, appending each response's rows.</summary>
    private static async Task ConsumeData(MemoryReceiveChannel<IReadOnlyList<IndicatorValue>> receiveChannel, List<IReadOnlyList<IndicatorValue>> allDfs)
    {
        await using (receiveChannel)
        {
            await foreach (var df in receiveChannel)
            {
                allDfs.Add(df);
            }
        }
    }

    /// <summary>Fetches one country's GDP while holding a semaphore unit and sends its rows; closes its own channel clone when done.</summary>
    private static async Task GetJsonFromUrlWithSemaphore(
        TrioSemaphore semaphore, MemorySendChannel<IReadOnlyList<IndicatorValue>> sendChannel, IndicatorQuery query, WorldBankClient client)
    {
        await using (sendChannel)
        {
            IReadOnlyList<IndicatorValue> df;
            using (await semaphore.AcquireScopeAsync())
            {
                df = await client.GetIndicatorValuesAsync(query);
            }

            await sendChannel.SendAsync(df);
        }
    }
}
