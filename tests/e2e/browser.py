"""Headless Chromium driven over the Chrome DevTools Protocol, from Python alone.

textual-serve draws the terminal on a canvas (xterm.js), so the page's DOM
holds no text to read. What the browser *received* is readable, though: with
the Network domain enabled, Chromium reports every WebSocket frame, and the
app's screen arrives as text in them. :func:`watch_page` opens a URL, waits
until a frame carries the words sought, and takes a screenshot to look at.
"""

from __future__ import annotations

import asyncio
import base64
import json
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--window-size=1280,800")


@dataclass
class PageWatch:
    """What the page received: the text of its WebSocket frames, whether the words came, a screenshot."""

    received: str = ""
    found: bool = False
    websockets: list[str] = field(default_factory=list)
    screenshot: bytes = b""


async def _watch(url: str, words: str, timeout: float, profile: Path) -> PageWatch:
    browser = subprocess.Popen([CHROMIUM, *FLAGS, f"--user-data-dir={profile}", "--remote-debugging-port=0",
                                "about:blank"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    watch = PageWatch()
    try:
        port_file = profile / "DevToolsActivePort"
        deadline = time.monotonic() + 30
        while not (port_file.exists() and port_file.read_text().strip()):
            if time.monotonic() > deadline or browser.poll() is not None:
                raise RuntimeError("chromium did not open its DevTools port")
            await asyncio.sleep(0.1)
        port = port_file.read_text().split()[0]
        async with aiohttp.ClientSession() as http:
            targets = await (await http.get(f"http://127.0.0.1:{port}/json/list")).json()
            page = next(t for t in targets if t["type"] == "page")
            async with http.ws_connect(page["webSocketDebuggerUrl"], max_msg_size=0) as cdp:
                serial = 0

                async def call(method: str, **params) -> int:
                    nonlocal serial
                    serial += 1
                    await cdp.send_json({"id": serial, "method": method, "params": params})
                    return serial

                await call("Network.enable")
                await call("Page.navigate", url=url)
                received = bytearray()
                deadline = time.monotonic() + timeout
                while time.monotonic() < deadline and not watch.found:
                    try:
                        message = await cdp.receive(timeout=max(0.1, deadline - time.monotonic()))
                    except TimeoutError:
                        break
                    event = json.loads(message.data)
                    if event.get("method") == "Network.webSocketCreated":
                        watch.websockets.append(event["params"]["url"])
                    elif event.get("method") == "Network.webSocketFrameReceived":
                        frame = event["params"]["response"]
                        data = frame["payloadData"]
                        received += base64.b64decode(data) if frame.get("opcode") == 2 else data.encode()
                        watch.found = words.encode() in received
                watch.received = received.decode("utf-8", "replace")
                await asyncio.sleep(0.5)  # let the canvas paint what arrived
                shot = await call("Page.captureScreenshot", format="png")
                while True:
                    reply = json.loads((await cdp.receive(timeout=10)).data)
                    if reply.get("id") == shot:
                        watch.screenshot = base64.b64decode(reply["result"]["data"])
                        break
    finally:
        browser.terminate()
        try:
            browser.wait(timeout=10)
        except subprocess.TimeoutExpired:
            browser.kill()
    return watch


def watch_page(url: str, words: str, timeout: float = 60) -> PageWatch:
    """Open ``url`` in headless Chromium and wait until the page receives ``words`` (or the timeout)."""
    with tempfile.TemporaryDirectory(prefix="agent-tui-chromium-") as profile:
        return asyncio.run(_watch(url, words, timeout, Path(profile)))
