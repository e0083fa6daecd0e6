"""A light HTTP/1.1 load generator for the web benchmarks: one asyncio loop, pre-encoded requests.

The client shares the machine's cores with the servers it measures, so it must cost as little as
possible per request: no thread per connection, no ``http.client`` parsing, requests encoded once.
Connections are kept alive when the server allows it (``Connection: close`` and a closed socket
open a new one), so a server that keeps connections alive is measured with them, and one that does
not pays its reconnections.

- :func:`closed_loop`: ``connections`` clients send back to back (capacity);
- :func:`open_loop`: requests are sent on a fixed schedule (``rate`` per second), latency counted
  from the scheduled time, so a server that falls behind shows it.

Both return ``{"seconds", "latencies", "errors", "sent"}``; an error is anything but ``expect``
(the status code) or a failed connection.
"""

from __future__ import annotations

import asyncio
import time

__all__ = ["encode", "closed_loop", "open_loop"]

TIMEOUT = 30.0


def encode(port: int, path: str, headers: dict | None = None) -> bytes:
    """The bytes of ``GET path`` with ``headers``, ready to send again and again."""
    lines = [f"GET {path} HTTP/1.1", f"Host: 127.0.0.1:{port}"]
    lines += [f"{name}: {value}" for name, value in (headers or {}).items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


class _Connection:
    def __init__(self, port: int):
        self.port = port
        self.reader = self.writer = None

    async def request(self, data: bytes) -> int:
        """Send ``data``, read the whole response; its status code."""
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection("127.0.0.1", self.port)
        self.writer.write(data)
        head = await self.reader.readuntil(b"\r\n\r\n")
        status = int(head[9:12])
        length, close = 0, False
        for line in head.split(b"\r\n")[1:]:
            name, _, value = line.partition(b":")
            name = name.strip().lower()
            if name == b"content-length":
                length = int(value)
            elif name == b"connection" and value.strip().lower() == b"close":
                close = True
        if length:
            await self.reader.readexactly(length)
        if close:
            self.close()
        return status

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None


async def _send(conn: _Connection, data: bytes, expect: int, errors: list) -> None:
    try:
        status = await asyncio.wait_for(conn.request(data), TIMEOUT)
        if status != expect:
            errors.append(f"HTTP {status}")
    except (TimeoutError, OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, ValueError) as error:
        errors.append(type(error).__name__)
        conn.close()


def closed_loop(port: int, requests: list[bytes], *, connections: int, expect: int = 200) -> dict:
    """Send ``requests`` (in order) from ``connections`` clients, each waiting for its answer."""
    latencies: list[float] = []
    errors: list[str] = []

    async def client(queue: list, conn: _Connection):
        while queue:
            data = queue.pop()
            started = time.perf_counter()
            await _send(conn, data, expect, errors)
            latencies.append(time.perf_counter() - started)
        conn.close()

    async def main():
        queue = list(reversed(requests))
        await asyncio.gather(*(client(queue, _Connection(port)) for _ in range(connections)))

    started = time.perf_counter()
    asyncio.run(main())
    return {"seconds": time.perf_counter() - started, "latencies": latencies, "errors": errors,
            "sent": len(requests)}


def open_loop(port: int, requests: list[bytes], *, rate: float, seconds: float, connections: int,
              expect: int = 200) -> dict:
    """Send ``rate`` requests per second for ``seconds`` (cycling through ``requests``) on a fixed schedule.

    Each of the ``connections`` clients takes the next scheduled request when it is free; latency runs
    from the scheduled time, so waiting for a free connection counts.
    """
    total = int(rate * seconds)
    latencies: list[float] = []
    errors: list[str] = []
    state = {"next": 0}

    async def client(start: float, conn: _Connection):
        while state["next"] < total:
            k = state["next"]
            state["next"] = k + 1
            due = start + k / rate
            delay = due - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            await _send(conn, requests[k % len(requests)], expect, errors)
            latencies.append(time.perf_counter() - due)
        conn.close()

    async def main():
        start = time.perf_counter() + 0.2
        await asyncio.gather(*(client(start, _Connection(port)) for _ in range(connections)))
        return start

    start = asyncio.run(main())
    return {"seconds": time.perf_counter() - start, "latencies": latencies, "errors": errors, "sent": total}
