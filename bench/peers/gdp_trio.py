"""The seed's task 3b in Python Trio + httpx, for every country of the list, as the peer of `triosharp gdp`.

Same structure as the seed: get_json_from_url_with_semaphore producers (one per country, a trio.Semaphore of
--concurrency), a consume_data consumer, a memory channel of 5, nested nurseries, the send channel closed when
the last producer finishes. The DataFrames are plain lists of rows (no pandas on this machine). The country list
is fetched once with per_page=1000, as `triosharp gdp` does. Prints the seed's report lines.

Usage: /usr/bin/python3 bench/peers/gdp_trio.py --base-url http://127.0.0.1:8080/ --concurrency 5
"""

import argparse
import sys
import time

import httpx
import trio


async def get_json_from_url_with_semaphore(semaphore, send_channel, url, client):
    async with send_channel:
        async with semaphore:
            response = await client.get(url)
            response.raise_for_status()
            body = response.json()
            df = (body[1] if len(body) > 1 else None) or []
        await send_channel.send(df)


async def consume_data(receive_channel, all_dfs):
    async with receive_channel:
        async for df in receive_channel:
            all_dfs.append(df)


async def task3b(base_url, max_threads):
    async with httpx.AsyncClient(timeout=60) as client:
        response = await client.get(f"{base_url}v2/country?format=json&per_page=1000")
        all_countries = response.json()[1]
        country_ids = [c["id"] for c in all_countries]
        country_mapping = {c["id"]: c["name"] for c in all_countries}
        base_gdp_url = base_url + "v2/country/{country_str}/indicator/NY.GDP.MKTP.CD?date=1999:2019&format=json"

        num_results = 5
        send_channel, receive_channel = trio.open_memory_channel(num_results)
        all_dfs = []
        semaphore = trio.Semaphore(max_threads)
        async with trio.open_nursery() as consumers:
            consumers.start_soon(consume_data, receive_channel, all_dfs)
            async with send_channel:
                async with trio.open_nursery() as producers:
                    for country_id in country_ids:
                        url = base_gdp_url.format(country_str=country_id)
                        producers.start_soon(get_json_from_url_with_semaphore, semaphore, send_channel.clone(), url, client)

    final_df = [row for df in all_dfs for row in df if row["value"] is not None]
    for country_id in country_ids:
        group = [row for row in final_df if row["countryiso3code"] == country_id]
        gdp1 = [row["value"] for row in group if row["date"] == "1999"]
        gdp2 = [row["value"] for row in group if row["date"] == "2019"]
        if not gdp1 or not gdp2:
            print(country_mapping[country_id], "Missing data")
        else:
            first, last = int(gdp1[0]), int(gdp2[0])
            print(country_mapping[country_id], f"GDP Growth: {(last - first) / first * 100:.2f}%")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base-url", required=True)
    parser.add_argument("--concurrency", type=int, default=5)
    args = parser.parse_args()
    base_url = args.base_url if args.base_url.endswith("/") else args.base_url + "/"
    start = time.perf_counter()
    trio.run(task3b, base_url, args.concurrency)
    # The time inside trio.run, without the interpreter's start and imports, for comparison with `triosharp gdp -v`.
    print(f"fetched in {time.perf_counter() - start:.3f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
