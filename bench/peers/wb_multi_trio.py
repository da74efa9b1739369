"""Three indicators for every economy in Python Trio + httpx: the peer of `triosharp wb data -i A,B,C --economies`.

The seed's 3b structure (producers under a trio.Semaphore of --concurrency, one consumer, a memory channel of 5),
one request per economy and indicator, 1999-2019. The economies are the country list's rows whose region is not
"Aggregates" (the API's own marker). Prints one tab-separated line per value, in the order `triosharp wb data
--shape long` prints them (country, indicator, year), and the time inside trio.run on standard error.

Usage: /usr/bin/python3 bench/peers/wb_multi_trio.py --base-url http://127.0.0.1:8080/ --concurrency 10 A B C
"""

import argparse
import sys
import time

import httpx
import trio


async def fetch(semaphore, send_channel, url, client):
    async with send_channel:
        async with semaphore:
            response = await client.get(url)
            response.raise_for_status()
            body = response.json()
            rows = (body[1] if len(body) > 1 else None) or []
        await send_channel.send(rows)


async def consume(receive_channel, all_rows):
    async with receive_channel:
        async for rows in receive_channel:
            all_rows.extend(rows)


async def run(base_url, concurrency, indicators):
    async with httpx.AsyncClient(timeout=60) as client:
        response = await client.get(f"{base_url}v2/country?format=json&per_page=1000")
        economies = [c["id"] for c in response.json()[1] if c["region"]["value"] != "Aggregates"]
        send_channel, receive_channel = trio.open_memory_channel(5)
        all_rows = []
        semaphore = trio.Semaphore(concurrency)
        async with trio.open_nursery() as consumers:
            consumers.start_soon(consume, receive_channel, all_rows)
            async with send_channel:
                async with trio.open_nursery() as producers:
                    for indicator in indicators:
                        for country in economies:
                            url = f"{base_url}v2/country/{country}/indicator/{indicator}?date=1999:2019&format=json"
                            producers.start_soon(fetch, semaphore, send_channel.clone(), url, client)
    return economies, all_rows


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base-url", required=True)
    parser.add_argument("--concurrency", type=int, default=10)
    parser.add_argument("indicators", nargs="+")
    args = parser.parse_args()
    base_url = args.base_url if args.base_url.endswith("/") else args.base_url + "/"
    start = time.perf_counter()
    economies, rows = trio.run(run, base_url, args.concurrency, args.indicators)
    print(f"fetched in {time.perf_counter() - start:.3f} s", file=sys.stderr)
    values = [r for r in rows if r["value"] is not None]
    print(len(values))


if __name__ == "__main__":
    main()
