using TrioSharp.WorldBank;

namespace TrioSharp.Cli.Commands;

/// <summary>The part of <c>triosharp gdp</c> that runs on the loop: the country list, then the values streamed to a consumer.</summary>
internal static class GdpFetch
{
    /// <summary>Fetches the countries and values <paramref name="settings"/> ask for, in the country list's order (or the order named).</summary>
    /// <param name="settings">What to fetch.</param>
    /// <param name="client">The client to fetch with.</param>
    /// <param name="progress">Told (countries done, countries in all) each time a country's values arrive.</param>
    /// <exception cref="GdpInputException">The base URL is not the API's, a country is not in the list, or more countries were asked for than it holds.</exception>
    /// <exception cref="WorldBankException">The API failed or rejected the indicator.</exception>
    public static async Task<IReadOnlyList<GdpRow>> RunAsync(GdpSettings settings, WorldBankClient client, Action<int, int> progress)
    {
        var countries = await SelectCountriesAsync(settings, client);
        var query = new IndicatorQuery(countries.Select(c => c.Id), settings.Indicator, settings.From, settings.To);
        var received = new Dictionary<string, CountrySeries>(StringComparer.Ordinal);
        progress(0, countries.Count);
        var (sender, receiver) = MemoryChannel.Create<CountrySeries>(settings.Concurrency);
        await Nursery.RunAsync(nursery =>
        {
            nursery.StartSoon(() => client.FetchSeriesAsync(query, sender), "fetch");
            nursery.StartSoon(
                async () =>
                {
                    await using (receiver)
                    {
                        await foreach (var series in receiver)
                        {
                            received[series.CountryId] = series;
                            progress(received.Count, countries.Count);
                        }
                    }
                },
                "consume");
            return Task.CompletedTask;
        });
        return countries
            .Select(c => new GdpRow(c, received[c.Id], received[c.Id].GrowthPercent(settings.From, settings.To)))
            .ToList();
    }

    /// <summary>The countries <paramref name="settings"/> name or choose, in the list's order (or the order named).</summary>
    /// <exception cref="GdpInputException">The base URL is not the API's, a country is not in the list, or no row passes the filters.</exception>
    internal static async Task<IReadOnlyList<Country>> SelectCountriesAsync(GdpSettings settings, WorldBankClient client)
    {
        if (!settings.Filter.KeepsAll && settings.CountryIds is { } named)
        {
            // Named ids choose exactly those rows; a filter on top would silently drop some of them.
            throw new GdpInputException(
                $"--countries {string.Join(' ', named)} names countries, and the filters (--economies/--aggregates/--region/--income/--lending) choose them from the list; allowed: one of the two, with -c N or -c all for the filters.");
        }

        IReadOnlyList<Country> list;
        try
        {
            // The first N rows that pass a filter can lie anywhere in the list: then the whole list is needed.
            list = await client.GetCountriesAsync(settings.Filter.KeepsAll ? settings.FirstCountries : null);
        }
        catch (WorldBankException e) when (e.UnexpectedAnswer && settings.BaseUrl is { } url && !settings.Offline)
        {
            throw new GdpInputException($"--base-url {url} is not a World Bank API ({e.Message.TrimEnd('.')}); allowed: {GdpCommand.AllowedBaseUrl}.", e);
        }

        if (!settings.Filter.KeepsAll && settings.CountryIds is null)
        {
            list = [.. list.Where(settings.Filter.Keeps)];
            if (list.Count == 0)
            {
                throw new GdpInputException("no row of the country list passes --economies/--aggregates/--region/--income/--lending; allowed: ids or names listed by 'triosharp wb countries'.");
            }

            // Up to N of the rows that pass: the default of 20 must not fail a filter that keeps fewer.
            return settings.FirstCountries is { } n ? [.. list.Take(n)] : list;
        }

        if (settings.FirstCountries is { } first && list.Count < first)
        {
            throw new GdpInputException($"--countries {first}: the country list has only {list.Count} rows; allowed: 1 to {list.Count}, 'all', or country ids.");
        }

        if (settings.CountryIds is not { } ids)
        {
            return list;
        }

        var byCode = new Dictionary<string, Country>(StringComparer.OrdinalIgnoreCase);
        foreach (var country in list)
        {
            byCode.TryAdd(country.Id, country);
            if (country.Iso2Code.Length > 0)
            {
                byCode.TryAdd(country.Iso2Code, country);
            }
        }

        return ids.Select(id => byCode.TryGetValue(id, out var country)
                ? country
                : throw new GdpInputException(
                    $"--countries: unknown country '{id}'; allowed: ids of the World Bank country list ({list.Count} rows: {string.Join(", ", list.Take(5).Select(c => c.Id))}, ...), a number of countries, or 'all'."))
            .DistinctBy(c => c.Id)
            .ToList();
    }
}
