"""shared/serve.py: a request's headers must arrive within the deadline (issue 13, item 3:
slow clients were never timed out). A real uvicorn server on a loopback port, raw sockets."""

from __future__ import annotations

import asyncio
import time

import pytest
import uvicorn

from shared.serve import HeaderDeadlineProtocol


async def hello(scope, receive, send):
    assert scope["type"] == "http"
    await send({"type": "http.response.start", "status": 200, "headers": [(b"content-length", b"2")]})
    await send({"type": "http.response.body", "body": b"ok"})


@pytest.fixture
async def server(monkeypatch):
    monkeypatch.setenv("CORRIDOR_HEADER_TIMEOUT_SECONDS", "0.5")
    config = uvicorn.Config(hello, host="127.0.0.1", port=0, http=HeaderDeadlineProtocol, log_level="warning")
    srv = uvicorn.Server(config)
    task = asyncio.create_task(srv.serve())
    while not srv.started:
        await asyncio.sleep(0.02)
    port = srv.servers[0].sockets[0].getsockname()[1]
    yield port
    srv.should_exit = True
    await task


async def read_all(reader: asyncio.StreamReader, within: float) -> tuple[bytes, float]:
    began = time.monotonic()
    data = await asyncio.wait_for(reader.read(), within)  # until the server closes
    return data, time.monotonic() - began


async def test_headers_trickled_one_byte_at_a_time_are_answered_408_and_closed_at_the_deadline(server):
    reader, writer = await asyncio.open_connection("127.0.0.1", server)
    began = time.monotonic()

    async def trickle():
        for byte in b"GET / HTTP/1.1\r\nHost: x\r\nX-Slow: " + b"a" * 200:
            writer.write(bytes([byte]))
            await writer.drain()
            await asyncio.sleep(0.05)

    trickling = asyncio.create_task(trickle())
    data, _ = await read_all(reader, within=5)
    took = time.monotonic() - began
    trickling.cancel()
    assert data.startswith(b"HTTP/1.1 408 "), data
    assert 0.4 < took < 2.0, took  # activity did not extend the deadline
    writer.close()


async def test_a_connection_that_sends_nothing_is_closed_at_the_deadline(server):
    reader, writer = await asyncio.open_connection("127.0.0.1", server)
    data, took = await read_all(reader, within=5)
    assert data.startswith(b"HTTP/1.1 408 ") and took < 2.0
    writer.close()


async def test_whole_requests_are_served_and_an_idle_keep_alive_connection_is_not_cut_at_the_header_deadline(server):
    reader, writer = await asyncio.open_connection("127.0.0.1", server)
    for _ in range(2):
        writer.write(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
        await writer.drain()
        head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 5)
        assert head.startswith(b"HTTP/1.1 200 ")
        assert await asyncio.wait_for(reader.readexactly(2), 5) == b"ok"
        await asyncio.sleep(0.8)  # longer than the header deadline, shorter than keep-alive (5 s)
    writer.close()
