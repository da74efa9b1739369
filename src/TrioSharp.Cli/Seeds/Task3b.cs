namespace TrioSharp.Cli.Seeds;

/// <summary>
/// Task 3b: the same report as 3a as a producer/consumer pipeline: a consumer drains the channel while
/// producers fill it, and the channel closes when the last producer finishes, not on a timer.
/// </summary>
internal static class Task3b
{
    public static async Task RunAsync(SeedSettings settings)
    {
        using var client = new HttpClient();
        var (countryIds, countryMapping) = await GdpReport.FirstTwentyCountriesAsync(client, settings.WorldBank);
        const int MaxThreads = 5;
        const int NumResults = 5;
        var (sendChannel, receiveChannel) = MemoryChannel.Create<List<GdpReport.GdpRow>>(NumResults);
        var allDfs = new List<List<GdpReport.GdpRow>>();
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
                        var url = GdpReport.GdpUrl(settings.WorldBank, id);
                        var producerChannel = sendChannel.Clone();
                        producers.StartSoon(() => GetJsonFromUrlWithSemaphore(semaphore, producerChannel, url, client), $"get_json_from_url_with_semaphore({id})");
                    }

                    return Task.CompletedTask;
                });
            }
        });
        GdpReport.Print(settings.Output, countryIds, countryMapping, allDfs);
    }

    /// <summary>Receives until every send handle is closed, appending each response's rows.</summary>
    private static async Task ConsumeData(MemoryReceiveChannel<List<GdpReport.GdpRow>> receiveChannel, List<List<GdpReport.GdpRow>> allDfs)
    {
        await using (receiveChannel)
        {
            await foreach (var df in receiveChannel)
            {
                allDfs.Add(df);
            }
        }
    }

    /// <summary>Fetches one URL while holding a semaphore unit and sends its rows; closes its own channel clone when done.</summary>
    private static async Task GetJsonFromUrlWithSemaphore(
        TrioSemaphore semaphore, MemorySendChannel<List<GdpReport.GdpRow>> sendChannel, Uri url, HttpClient client)
    {
        await using (sendChannel)
        {
            List<GdpReport.GdpRow> df;
            using (await semaphore.AcquireScopeAsync())
            {
                using var response = await SeedIo.GetJsonAsync(client, url, Trio.CurrentCancellationToken);
                df = GdpReport.ToRows(response, url);
            }

            await sendChannel.SendAsync(df);
        }
    }
}
