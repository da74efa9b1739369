namespace TrioSharp.Cli.Seeds;

/// <summary>
/// Task 3a: GDP for 20 countries, at most 5 requests at a time, results through a memory channel that a
/// 3-second timer closes.
/// </summary>
internal static class Task3a
{
    public static async Task RunAsync(SeedSettings settings)
    {
        using var client = new HttpClient();
        var (countryIds, countryMapping) = await GdpReport.FirstTwentyCountriesAsync(client, settings.WorldBank);
        const int MaxThreads = 5;
        var numResults = countryIds.Count;
        var (sendChannel, receiveChannel) = MemoryChannel.Create<List<GdpReport.GdpRow>>(numResults);
        var allDfs = new List<List<GdpReport.GdpRow>>();
        var semaphore = new TrioSemaphore(MaxThreads);
        await Nursery.RunAsync(nursery =>
        {
            foreach (var id in countryIds)
            {
                var url = GdpReport.GdpUrl(settings.WorldBank, id);
                nursery.StartSoon(() => GetJsonFromUrlWithSemaphore(semaphore, sendChannel, url, client), $"get_json_from_url_with_semaphore({id})");
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

    /// <summary>Fetches one URL while holding a semaphore unit, and sends its rows through the channel.</summary>
    private static async Task GetJsonFromUrlWithSemaphore(
        TrioSemaphore semaphore, MemorySendChannel<List<GdpReport.GdpRow>> sendChannel, Uri url, HttpClient client)
    {
        List<GdpReport.GdpRow> df;
        using (await semaphore.AcquireScopeAsync())
        {
            using var response = await SeedIo.GetJsonAsync(client, url, Trio.CurrentCancellationToken);
            df = GdpReport.ToRows(response, url);
        }

        await sendChannel.SendAsync(df);
    }

    /// <summary>Waits 3 seconds, then closes the channel, ending the receiver's loop.</summary>
    private static async Task CloseAfterTimeout(MemorySendChannel<List<GdpReport.GdpRow>> sendChannel)
    {
        await Trio.Sleep(3);
        await sendChannel.DisposeAsync();
    }
}
