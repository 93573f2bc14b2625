"""GET /health latency while N slow clients hold connections to the model server.

Each slow client is one of issue 15's four kinds, in turn: headers sent a byte at a time, a large
Content-Length with no body, a body sent a byte at a time, a few bytes without a newline. A slow client
the server cuts off reconnects at once, so N connections stay held for the whole measurement (what a
persistent attacker does). The health check opens a new connection per request, as a load balancer's does.

Prints one JSON line per N: p50/p95/p99/max latency in ms and how many checks failed or timed out.
Standard library only.
"""
import argparse
import asyncio
import json
import multiprocessing
import statistics
import time

KINDS = [
    b"GET /health HTTP/1.1\r\nHost: bench\r\nX-Slow: ",
    b"POST /predict HTTP/1.1\r\nHost: bench\r\nContent-Type: application/json\r\nContent-Length: 500000\r\n\r\n",
    b"POST /predict HTTP/1.1\r\nHost: bench\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{\"text\": \"",
    b"GET /heal",
]
TRICKLES = [True, False, True, False]


async def slow_client(host, port, kind, stop, held):
    while not stop.is_set():
        try:
            reader, writer = await asyncio.open_connection(host, port)
        except OSError:
            await asyncio.sleep(0.05)
            continue
        held[0] += 1
        try:
            writer.write(KINDS[kind])
            await writer.drain()
            while not stop.is_set():
                # Wake every 0.5 s: send one more byte (the trickling kinds) and notice a closed connection.
                try:
                    data = await asyncio.wait_for(reader.read(4096), timeout=0.5)
                    if not data:
                        break  # the server closed it: reconnect
                except asyncio.TimeoutError:
                    pass
                if TRICKLES[kind]:
                    writer.write(b"a")
                    await writer.drain()
        except (OSError, ConnectionError):
            pass
        finally:
            held[0] -= 1
            writer.close()


async def health_check(host, port, timeout):
    start = time.perf_counter()
    try:
        reader, writer = await asyncio.wait_for(asyncio.open_connection(host, port), timeout)
        writer.write(b"GET /health HTTP/1.1\r\nHost: alb\r\n\r\n")
        await writer.drain()
        head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), timeout)
        length = 0
        for line in head.split(b"\r\n"):
            if line.lower().startswith(b"content-length:"):
                length = int(line.split(b":")[1])
        await asyncio.wait_for(reader.readexactly(length), timeout)
        writer.close()
        ok = head.startswith(b"HTTP/1.1 200")
        return (time.perf_counter() - start) * 1000, ok
    except (asyncio.TimeoutError, OSError, asyncio.IncompleteReadError, ConnectionError):
        return (time.perf_counter() - start) * 1000, False


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def hold_slow_connections(host, port, slow, held, stop):
    """Runs in its own process, so the slow clients' event loop does not slow the health checks' own."""
    async def run():
        stop_local = asyncio.Event()
        counter = [0]
        clients = [asyncio.create_task(slow_client(host, port, i % len(KINDS), stop_local, counter))
                   for i in range(slow)]
        while not stop.is_set():
            held.value = counter[0]
            await asyncio.sleep(0.05)
        stop_local.set()
        await asyncio.gather(*clients, return_exceptions=True)
    asyncio.run(run())


async def check_health(host, port, checks, timeout):
    latencies, failed = [], 0
    for _ in range(checks):
        ms, ok = await health_check(host, port, timeout)
        latencies.append(ms)
        failed += 0 if ok else 1
        if failed >= 3:
            break  # the server is starved: more checks would only wait out more timeouts
    return latencies, failed


def measure(host, port, slow, checks, timeout, label):
    held = multiprocessing.Value("i", 0)
    stop = multiprocessing.Event()
    holder = multiprocessing.Process(target=hold_slow_connections, args=(host, port, slow, held, stop))
    holder.start()
    # Let them connect and get into the middle of their requests.
    deadline = time.perf_counter() + 10
    while held.value < slow and time.perf_counter() < deadline:
        time.sleep(0.05)
    time.sleep(0.5)
    held_at_start = held.value
    latencies, failed = asyncio.run(check_health(host, port, checks, timeout))
    held_at_end = held.value
    stop.set()
    holder.join(30)
    return {"server": label, "slow_connections": slow, "held_at_start": held_at_start, "held_at_end": held_at_end,
            "checks": len(latencies), "failed": failed, "p50_ms": round(statistics.median(latencies), 3),
            "p95_ms": round(percentile(latencies, 95), 3), "p99_ms": round(percentile(latencies, 99), 3),
            "max_ms": round(max(latencies), 3)}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--slow", default="0,4,50,200")
    parser.add_argument("--checks", type=int, default=1000)
    parser.add_argument("--timeout", type=float, default=5.0)
    parser.add_argument("--label", default="server")
    args = parser.parse_args()
    for n in [int(x) for x in args.slow.split(",")]:
        result = measure(args.host, args.port, n, args.checks, args.timeout, args.label)
        print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
