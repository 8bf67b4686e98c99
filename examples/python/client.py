#!/usr/bin/env python3
# A Switchboard protocol v1 client (README "Protocol v1 reference"): logs in, subscribes to one
# channel and resumes it after a dropped connection, publishes each line of stdin until every one is
# acked, and prints every object the server sends as one JSON line on stdout (notes go to stderr).
# Usage: python3 client.py URL USER PASSWORD CHANNEL    e.g. python3 client.py http://localhost:8080 alice demo lobby
import asyncio, contextlib, json, random, sys, threading, urllib.error, urllib.parse, urllib.request, uuid

import websockets

# Close codes whose README row says "reconnect? no": reconnecting unchanged would fail again.
FINAL = {1000, 1002, 1003, 1007, 1009, 4000, 4003}
EXIT_DONE, EXIT_LOGIN, EXIT_CLOSED = 0, 2, 3


def note(text):
    print(f"[client] {text}", file=sys.stderr, flush=True)


class Client:
    def __init__(self, base, user, password, channel):
        self.root, self.user, self.password, self.channel = base.rstrip("/"), user, password, channel
        url = urllib.parse.urlsplit(self.root)
        self.origin = f"{url.scheme}://{url.netloc}"  # the server allows its own origin by default
        self.ws_url = "ws" + self.root[len("http"):] + "/ws"
        self.cookie = None  # every cookie of the login: the session's and SBLOGIN, which outlives a restart
        self.epoch, self.last_seq = None, 0  # where to resume: the subscription's epoch, highest seq handled
        self.pending = {}  # publishes not acked yet, by id, in the order they were made
        self.prefix = uuid.uuid4().hex[:8]  # ids unique per sender, so a resend is stored once
        self.next_id, self.ws, self.ready, self.attempt, self.stdin_ended = 1, None, False, 0, False
        self.finished = asyncio.Event()

    def login(self):
        # State-changing requests must carry an allowed Origin (README "HTTP API").
        request = urllib.request.Request(self.root + "/api/login", method="POST", headers={
            "Content-Type": "application/json", "Origin": self.origin},
            data=json.dumps({"username": self.user, "password": self.password}).encode())
        try:
            with urllib.request.urlopen(request, timeout=20) as response:
                self.cookie = "; ".join(c.split(";", 1)[0] for c in response.headers.get_all("Set-Cookie") or [])
                return True
        except urllib.error.HTTPError as e:
            if e.code not in (401, 403):
                raise  # e.g. 429 or 503: try again later
            note(f"login refused: {e.code} {e.read().decode()}")
            return False

    async def run(self):  # returns the exit status
        while True:
            try:
                if self.cookie is None and not await asyncio.to_thread(self.login):
                    return EXIT_LOGIN
                async with websockets.connect(self.ws_url, origin=self.origin, subprotocols=["switchboard.v1"],
                                              extra_headers={"Cookie": self.cookie}) as self.ws:
                    since = {"since": {"seq": self.last_seq, "epoch": self.epoch}} if self.epoch else {}
                    # Resume: the server replays what came after last_seq in this epoch, or says recovered:false.
                    await self.send({"type": "subscribe", "channel": self.channel, "id": "sub", **since})
                    while True:  # until recv raises ConnectionClosed, whatever the close code
                        # The server may coalesce several objects into one frame, one per line, in order.
                        for line in (await self.ws.recv()).split("\n"):
                            if line:
                                await self.handle(line)
            except websockets.ConnectionClosed as e:
                if self.finished.is_set():
                    return EXIT_DONE
                if e.code in FINAL:
                    note(f"closed with {e.code} {e.reason}; not reconnecting")
                    return EXIT_CLOSED
                why = f"{e.code} {e.reason}"
            except websockets.InvalidStatusCode as e:
                if e.status_code == 403:  # origin not allowed, or banned
                    note("closed with HTTP 403; not reconnecting")
                    return EXIT_CLOSED
                if e.status_code == 401:  # the login ended: log in again (close code 4001's advice)
                    self.cookie = None
                why = f"HTTP {e.status_code}"
            except (OSError, asyncio.TimeoutError, websockets.InvalidHandshake) as e:
                why = str(e) or type(e).__name__
            finally:
                self.ws, self.ready = None, False
            # Exponential backoff with jitter, 0.5 s doubling to 30 s (README "Close codes").
            delay = min(30.0, 0.5 * 2 ** self.attempt) * random.uniform(0.5, 1.0)
            self.attempt += 1
            note(f"disconnected ({why}); reconnecting in {delay:.1f} s")
            with contextlib.suppress(asyncio.TimeoutError):  # cut short by the end of the input
                await asyncio.wait_for(self.finished.wait(), delay)
                return EXIT_DONE

    async def handle(self, line):
        print(line, flush=True)
        msg = json.loads(line)
        kind, mid = msg.get("type"), msg.get("id")
        if kind in ("message", "deleted") and msg.get("channel") == self.channel:
            self.last_seq = msg["seq"]
        elif kind == "subscribed" and msg.get("channel") == self.channel:
            if msg.get("recovered") is False:
                note(f"could not recover what came after seq {self.last_seq}; carrying on from seq {msg['seq']}")
            if msg.get("recovered") is not True:  # with recovered:true the missed messages follow
                self.last_seq, self.epoch = msg["seq"], msg["epoch"]
            self.ready, self.attempt = True, 0
            # Unacked publishes keep their ids: one stored before the drop is acked as a duplicate.
            for frame in list(self.pending.values()):
                await self.send(frame)
            await self.finish_if_done()
        elif kind == "ack" and self.pending.pop(mid, None):
            await self.finish_if_done()
        elif kind == "error" and mid in self.pending:
            if msg["code"] in ("rate_limited", "unavailable"):  # dropped, not stored: try again
                asyncio.get_running_loop().call_later(1, self.publish, None, mid)
            else:
                note(f"publish {mid} refused: {msg['code']} {msg.get('message')}")
                del self.pending[mid]
                await self.finish_if_done()

    async def send(self, frame):
        with contextlib.suppress(websockets.ConnectionClosed):  # still pending: resent after the reconnect
            if self.ws is not None:
                await self.ws.send(json.dumps(frame))

    def publish(self, text, again=None):
        if again is None:
            again, self.next_id = f"{self.prefix}-{self.next_id}", self.next_id + 1
            self.pending[again] = {"type": "publish", "channel": self.channel, "data": {"text": text}, "id": again}
        if self.ready and again in self.pending:
            asyncio.create_task(self.send(self.pending[again]))

    async def finish_if_done(self):
        if self.stdin_ended and not self.pending:
            self.finished.set()
            if self.ws is not None:
                await self.ws.close(1000, "done")

    def end_of_input(self):
        self.stdin_ended = True
        asyncio.create_task(self.finish_if_done())

    def read_stdin(self, loop):  # on a daemon thread, so a blocked read never keeps the process from exiting
        for line in sys.stdin:
            loop.call_soon_threadsafe(self.publish, line.rstrip("\n"))
        loop.call_soon_threadsafe(self.end_of_input)

    async def main(self):
        threading.Thread(target=self.read_stdin, args=(asyncio.get_running_loop(),), daemon=True).start()
        return await self.run()


if __name__ == "__main__":
    if len(sys.argv) != 5:
        sys.exit("usage: python3 client.py URL USER PASSWORD CHANNEL")
    sys.exit(asyncio.run(Client(*sys.argv[1:]).main()))
