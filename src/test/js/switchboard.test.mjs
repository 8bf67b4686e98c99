// Unit tests of the browser client (src/main/webapp/switchboard.js) against a fake WebSocket, fake
// timers and a fake clock: nothing here waits for real time. Run with `node --test src/test/js/`.
// Every test made with test() runs once per encoding: JSON text frames and MessagePack frames, the
// latter encoded and decoded by the MessagePack library the WAR serves.
import { test as nodeTest } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

// The module is served as .js; without a package.json saying "module", Node 18 reads .js as
// CommonJS, so the tests import a copy named .mjs, beside a copy of what the WAR serves beside it.
const webapp = fileURLToPath(new URL('../../main/webapp/', import.meta.url));
const served = mkdtempSync(join(tmpdir(), 'switchboard-js-'));
copyFileSync(join(webapp, 'switchboard.js'), join(served, 'switchboard.mjs'));
cpSync(join(webapp, 'vendor'), join(served, 'vendor'), { recursive: true });
const { SwitchboardClient, SwitchboardError, PROTOCOL, MSGPACK_PROTOCOL, MSGPACK_LIBRARY } =
  await import(pathToFileURL(join(served, 'switchboard.mjs')).href);
const msgpack = await import(pathToFileURL(join(served, MSGPACK_LIBRARY)).href);

const ENCODINGS = ['json', 'msgpack'];
let encoding = 'json'; // of the test running now; setup() gives it to the client

/** A test of behaviour that is the same in both encodings: it runs once in each. */
function test(name, fn) {
  for (const e of ENCODINGS) {
    nodeTest(`${name} [${e}]`, () => {
      encoding = e;
      return fn();
    });
  }
}

/** A test of one encoding only. */
function testIn(e, name, fn) {
  nodeTest(`${name} [${e}]`, () => {
    encoding = e;
    return fn();
  });
}

const hex = (text) => Uint8Array.from(text.trim().split(/\s+/), (b) => parseInt(b, 16));
const toHex = (bytes) => [...bytes].map((b) => b.toString(16).padStart(2, '0')).join(' ');

function concat(parts) {
  const all = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    all.set(p, at);
    at += p.length;
  }
  return all;
}

/** Timers and clock in one: time moves only when a test calls advance(). */
class FakeTime {
  now = 0;
  #timers = new Map();
  #nextHandle = 1;

  setTimeout = (fn, ms) => {
    const handle = this.#nextHandle++;
    this.#timers.set(handle, { at: this.now + ms, fn });
    return handle;
  };

  clearTimeout = (handle) => {
    this.#timers.delete(handle);
  };

  get pending() {
    return this.#timers.size;
  }

  advance(ms) {
    const end = this.now + ms;
    for (;;) {
      const due = [...this.#timers].filter(([, t]) => t.at <= end).sort((a, b) => a[1].at - b[1].at || a[0] - b[0])[0];
      if (!due) break;
      this.#timers.delete(due[0]);
      this.now = due[1].at;
      due[1].fn();
    }
    this.now = end;
  }
}

/**
 * The server's side of one connection: what the client sent, and what it is told, in the encoding
 * of the subprotocol the client asked for.
 */
class FakeSocket {
  static all = [];
  static created = null; // called with each new socket
  sent = [];
  raw = [];
  closedByClient = null;
  binaryType = 'blob'; // a browser's default

  constructor(url, protocol) {
    this.url = url;
    this.protocol = protocol;
    FakeSocket.all.push(this);
    FakeSocket.created?.(this);
  }

  get msgpack() {
    return this.protocol === MSGPACK_PROTOCOL;
  }

  send(data) {
    this.raw.push(data);
    if (this.msgpack) {
      // One map per binary frame: decode() refuses a frame with anything after its one object.
      assert.ok(data instanceof Uint8Array, `a binary frame, not ${typeof data}`);
      const frame = msgpack.decode(data);
      assert.ok(frame !== null && typeof frame === 'object' && !Array.isArray(frame), 'a map');
      this.sent.push(frame);
    } else {
      assert.equal(typeof data, 'string', 'a text frame');
      this.sent.push(JSON.parse(data));
    }
  }

  close(code, reason) {
    this.closedByClient = { code, reason };
  }

  // --- the server ---
  accept() {
    this.onopen?.({});
  }

  /** The frames as one server frame: lines of JSON, or MessagePack objects back to back. */
  reply(...frames) {
    if (this.msgpack) {
      assert.equal(this.binaryType, 'arraybuffer', 'binary frames arrive as ArrayBuffers');
      assert.ok(frames.every((f) => typeof f === 'object'), 'raw JSON text has no MessagePack form');
      this.replyBytes(concat(frames.map((f) => msgpack.encode(f))));
    } else {
      this.onmessage?.({ data: frames.map((f) => (typeof f === 'string' ? f : JSON.stringify(f))).join('\n') });
    }
  }

  /** One binary frame of these bytes, as a browser delivers it with binaryType 'arraybuffer'. */
  replyBytes(bytes) {
    this.onmessage?.({ data: bytes.slice().buffer });
  }

  drop(code = 1006, reason = '') {
    this.onclose?.({ code, reason });
  }

  sentOf(type) {
    return this.sent.filter((f) => f.type === type);
  }
}

class FakeNetwork {
  online = true;
  #listener = null;

  isOnline = () => this.online;

  watch = (listener) => {
    this.#listener = listener;
    return () => {
      this.#listener = null;
    };
  };

  set(online) {
    this.online = online;
    this.#listener?.(online);
  }
}

function setup(options = {}) {
  FakeSocket.all = [];
  const time = new FakeTime();
  const network = new FakeNetwork();
  const client = new SwitchboardClient({
    url: 'ws://hub.test/ws',
    encoding,
    msgpack: encoding === 'msgpack' ? msgpack : undefined,
    WebSocket: FakeSocket,
    setTimeout: time.setTimeout,
    clearTimeout: time.clearTimeout,
    now: () => time.now,
    random: () => 0.5,
    network,
    idPrefix: 't-',
    ...options,
  });
  const states = [];
  client.on('state', (s) => states.push(s));
  const socket = () => FakeSocket.all[FakeSocket.all.length - 1];
  return { client, time, network, states, socket, sockets: FakeSocket.all };
}

/** Lets promise callbacks run. */
const settled = () => new Promise((resolve) => setImmediate(resolve));

function lastState(states) {
  return states[states.length - 1];
}

test('connects to the url with the encoding\'s subprotocol and reports connecting, then open', () => {
  const { client, socket, states } = setup();
  client.connect();
  assert.equal(socket().url, 'ws://hub.test/ws');
  assert.equal(socket().protocol, encoding === 'msgpack' ? 'switchboard.v1+msgpack' : 'switchboard.v1');
  assert.equal(socket().binaryType, encoding === 'msgpack' ? 'arraybuffer' : 'blob');
  assert.equal(client.encoding, encoding);
  assert.equal(PROTOCOL, 'switchboard.v1');
  assert.equal(MSGPACK_PROTOCOL, 'switchboard.v1+msgpack');
  socket().accept();
  assert.deepEqual(states.map((s) => s.state), ['connecting', 'open']);
  assert.equal(client.state, 'open');
});

test('reconnect delays grow exponentially from the base up to the cap', () => {
  const { client, time, socket, states, sockets } = setup({ random: () => 0.5 });
  client.connect();
  const delays = [];
  for (let i = 0; i < 10; i++) {
    socket().drop(1006);
    const s = lastState(states);
    assert.equal(s.state, 'reconnecting');
    delays.push(s.delay);
    time.advance(s.delay);
  }
  // half of min(30000, 500 * 2^n), the random being 0.5
  assert.deepEqual(delays, [250, 500, 1000, 2000, 4000, 8000, 15000, 15000, 15000, 15000]);
  assert.equal(sockets.length, 11);
});

test('base and cap are configurable', () => {
  const { client, time, socket, states } = setup({ random: () => 0.999999, backoffBase: 100, backoffCap: 1000 });
  client.connect();
  const delays = [];
  for (let i = 0; i < 6; i++) {
    socket().drop(1006);
    delays.push(lastState(states).delay);
    time.advance(lastState(states).delay);
  }
  assert.deepEqual(delays, [99, 199, 399, 799, 999, 999]);
});

test('full jitter: every delay lies between 0 and the exponential bound, both ends reachable', () => {
  const randoms = [0, 0.999999, 0.3, 0, 0.999999, 0.7, 0.1, 0.999999, 0, 0.5, 0.999999, 0.25];
  let i = 0;
  const { client, time, socket, states } = setup({ random: () => randoms[i++ % randoms.length] });
  client.connect();
  const seen = [];
  for (let attempt = 0; attempt < randoms.length; attempt++) {
    socket().drop(1006);
    const { delay } = lastState(states);
    const bound = Math.min(30000, 500 * 2 ** attempt);
    assert.ok(delay >= 0 && delay < bound, `delay ${delay} within [0, ${bound})`);
    seen.push(delay);
    time.advance(delay);
  }
  assert.equal(seen[0], 0);
  assert.equal(seen[1], Math.floor(0.999999 * 1000));
  assert.equal(seen[10], Math.floor(0.999999 * 30000));
});

test('no new connection is opened before the delay has passed', () => {
  const { client, time, socket, states, sockets } = setup();
  client.connect();
  socket().drop(1006);
  socket().drop(1006); // the same socket again: ignored, it was already given up
  const { delay } = lastState(states);
  time.advance(delay - 1);
  assert.equal(sockets.length, 1);
  time.advance(1);
  assert.equal(sockets.length, 2);
  assert.equal(client.state, 'connecting');
});

test('the backoff starts over after a connection stayed open for stableAfter', () => {
  const { client, time, socket, states } = setup({ stableAfter: 10000 });
  client.connect();
  for (let i = 0; i < 4; i++) {
    socket().drop(1006);
    time.advance(lastState(states).delay);
  }
  socket().accept();
  time.advance(9999);
  socket().reply({ type: 'pong' });
  socket().drop(1011);
  assert.equal(lastState(states).delay, 0.5 * 8000, 'open 9.999 s: not stable, the backoff goes on');
  time.advance(lastState(states).delay);
  socket().accept();
  time.advance(10000);
  socket().drop(1001);
  assert.equal(lastState(states).delay, 0.5 * 500, 'open 10 s: stable, back to the base');
  assert.equal(lastState(states).attempt, 1);
});

test('while the browser is offline no reconnect is tried; back online it retries at once', () => {
  const { client, time, socket, states, sockets, network } = setup();
  client.connect();
  socket().accept();
  network.online = false;
  socket().drop(1006);
  assert.equal(client.state, 'offline');
  assert.equal(lastState(states).code, 1006);
  time.advance(10 * 60 * 1000);
  assert.equal(sockets.length, 1, 'no attempt while offline');
  network.set(true);
  assert.equal(sockets.length, 2, 'a new connection right away');
  assert.equal(client.state, 'connecting');
});

test('going offline cancels a scheduled reconnect; coming back resets the backoff', () => {
  const { client, time, socket, states, sockets, network } = setup();
  client.connect();
  for (let i = 0; i < 5; i++) {
    socket().drop(1006);
    time.advance(lastState(states).delay);
  }
  socket().drop(1006);
  assert.equal(client.state, 'reconnecting');
  network.set(false);
  assert.equal(client.state, 'offline');
  time.advance(60000);
  assert.equal(sockets.length, 6);
  network.set(true);
  assert.equal(sockets.length, 7);
  socket().drop(1006);
  assert.equal(lastState(states).delay, 250, 'failures while offline do not count');
});

test('after a reconnect each channel is resubscribed with since: its last seq and epoch', async () => {
  const { client, time, socket, states } = setup();
  const messages = [];
  client.on('message', (m) => messages.push(m.seq));
  client.connect();
  const first = socket();
  first.accept();
  const subscribing = client.subscribe('lobby');
  const [sub] = first.sentOf('subscribe');
  assert.equal(sub.channel, 'lobby');
  assert.equal(sub.since, undefined, 'a first subscribe has no since');
  first.reply({ type: 'subscribed', channel: 'lobby', seq: 5, epoch: 'E1', presence: [{ user: 'alice' }], id: sub.id });
  assert.deepEqual(await subscribing, { channel: 'lobby', seq: 5, epoch: 'E1', presence: [{ user: 'alice' }], resumed: false, recovered: false });
  first.reply({ type: 'message', channel: 'lobby', seq: 6, data: 'a', from: 'bob', ts: 1 },
    { type: 'message', channel: 'lobby', seq: 7, data: 'b', from: 'bob', ts: 2 });
  first.drop(1001, 'server shutting down');
  time.advance(lastState(states).delay);

  const second = socket();
  assert.notEqual(second, first);
  second.accept();
  const [resub] = second.sentOf('subscribe');
  assert.deepEqual(resub.since, { seq: 7, epoch: 'E1' });
  const recovery = [];
  client.on('recoverylost', (e) => recovery.push(e));
  second.reply({ type: 'subscribed', channel: 'lobby', seq: 9, epoch: 'E1', recovered: true, id: resub.id },
    { type: 'message', channel: 'lobby', seq: 8, data: 'c', from: 'bob', ts: 3 },
    { type: 'message', channel: 'lobby', seq: 9, data: 'd', from: 'bob', ts: 4 },
    { type: 'message', channel: 'lobby', seq: 10, data: 'e', from: 'bob', ts: 5 });
  assert.deepEqual(messages, [6, 7, 8, 9, 10]);
  assert.deepEqual(recovery, []);
  assert.deepEqual(client.position('lobby'), { seq: 10, epoch: 'E1' });
});

test('a subscribe given a since (say, from storage) resumes from it on the first connection', () => {
  const { client, socket } = setup();
  client.subscribe('lobby', { since: { seq: 40, epoch: 'E9' } });
  client.connect();
  socket().accept();
  assert.deepEqual(socket().sentOf('subscribe')[0].since, { seq: 40, epoch: 'E9' });
});

test('recovered=false tells the application, which then carries on from the new seq', () => {
  const { client, time, socket, states } = setup();
  const lost = [];
  const messages = [];
  client.on('recoverylost', (e) => lost.push(e));
  client.on('message', (m) => messages.push(m.seq));
  client.connect();
  socket().accept();
  client.subscribe('lobby');
  socket().reply({ type: 'subscribed', channel: 'lobby', seq: 3, epoch: 'E1', id: socket().sentOf('subscribe')[0].id });
  socket().drop(1006);
  time.advance(lastState(states).delay);
  socket().accept();
  const resub = socket().sentOf('subscribe')[0];
  socket().reply({ type: 'subscribed', channel: 'lobby', seq: 2000, epoch: 'E1', recovered: false, id: resub.id },
    { type: 'message', channel: 'lobby', seq: 2001, data: 'x', from: 'bob', ts: 1 });
  assert.deepEqual(lost, [{ channel: 'lobby', since: { seq: 3, epoch: 'E1' }, seq: 2000, epoch: 'E1' }]);
  assert.deepEqual(messages, [2001]);
});

test('a changed epoch is a lost recovery too, whatever the server says about recovered', () => {
  const { client, time, socket, states } = setup();
  const lost = [];
  client.on('recoverylost', (e) => lost.push(e));
  client.connect();
  socket().accept();
  client.subscribe('lobby');
  socket().reply({ type: 'subscribed', channel: 'lobby', seq: 3, epoch: 'E1', id: socket().sentOf('subscribe')[0].id });
  socket().drop(1006);
  time.advance(lastState(states).delay);
  socket().accept();
  socket().reply({ type: 'subscribed', channel: 'lobby', seq: 1, epoch: 'E2', recovered: true, id: socket().sentOf('subscribe')[0].id });
  assert.equal(lost.length, 1);
  assert.deepEqual(client.position('lobby'), { seq: 1, epoch: 'E2' });
});

test('messages at or below the last seen seq are dropped', () => {
  const { client, socket } = setup();
  const messages = [];
  client.on('message', (m) => messages.push(`${m.seq}:${m.data}`));
  client.connect();
  socket().accept();
  client.subscribe('lobby');
  socket().reply({ type: 'subscribed', channel: 'lobby', seq: 5, epoch: 'E1', id: socket().sentOf('subscribe')[0].id });
  const msg = (seq, data) => ({ type: 'message', channel: 'lobby', seq, data, from: 'bob', ts: seq });
  socket().reply(msg(5, 'old'), msg(6, 'a'), msg(6, 'a again'), msg(7, 'b'), msg(4, 'older'), msg(8, 'c'));
  assert.deepEqual(messages, ['6:a', '7:b', '8:c']);
});

test('frames of a channel before its subscribe is answered are left-overs and are dropped', async () => {
  const { client, socket } = setup();
  const events = [];
  client.on('message', (m) => events.push(`message ${m.seq}`));
  client.on('presence', () => events.push('presence'));
  client.connect();
  socket().accept();
  client.subscribe('lobby');
  socket().reply({ type: 'subscribed', channel: 'lobby', seq: 0, epoch: 'E', id: socket().sentOf('subscribe')[0].id });
  const leaving = client.unsubscribe('lobby');
  client.subscribe('lobby');
  const again = socket().sentOf('subscribe')[1];
  socket().reply({ type: 'message', channel: 'lobby', seq: 1, data: 'old', from: 'b', ts: 1 },
    { type: 'unsubscribed', channel: 'lobby', id: socket().sentOf('unsubscribe')[0].id },
    { type: 'presence', channel: 'lobby', leave: { user: 'b' } },
    { type: 'subscribed', channel: 'lobby', seq: 1, epoch: 'E', id: again.id },
    { type: 'message', channel: 'lobby', seq: 2, data: 'new', from: 'b', ts: 2 });
  await leaving;
  assert.deepEqual(events, ['message 2']);
});

testIn('json', 'frames coalesced with newlines are each handled, in order', () => {
  const { client, socket } = setup();
  const events = [];
  client.on('message', (m) => events.push(`message ${m.seq}`));
  client.on('presence', (p) => events.push(`presence ${p.join?.user}`));
  client.on('deleted', (d) => events.push(`deleted ${d.seq}`));
  client.connect();
  socket().accept();
  client.subscribe('lobby');
  socket().reply([
    JSON.stringify({ type: 'subscribed', channel: 'lobby', seq: 0, epoch: 'E', id: socket().sentOf('subscribe')[0].id }),
    JSON.stringify({ type: 'message', channel: 'lobby', seq: 1, data: null, from: 'a', ts: 1 }),
    JSON.stringify({ type: 'presence', channel: 'lobby', join: { user: 'bob' } }),
    JSON.stringify({ type: 'deleted', channel: 'lobby', seq: 1 }),
    JSON.stringify({ type: 'some_future_type' }),
  ].join('\n'));
  assert.deepEqual(events, ['message 1', 'presence bob', 'deleted 1']);
});

test('publish resolves with the ack\'s seq; every publish has its own id', async () => {
  const { client, socket } = setup();
  client.connect();
  socket().accept();
  const one = client.publish('lobby', { text: 'hi' });
  const two = client.publish('lobby', { text: 'there' });
  const [p1, p2] = socket().sentOf('publish');
  assert.deepEqual({ ...p1, id: undefined }, { type: 'publish', channel: 'lobby', data: { text: 'hi' }, id: undefined });
  assert.ok(p1.id && p2.id && p1.id !== p2.id);
  socket().reply({ type: 'ack', id: p2.id, seq: 12 }, { type: 'ack', id: p1.id, seq: 11, duplicate: true });
  assert.deepEqual(await one, { id: p1.id, seq: 11, duplicate: true });
  assert.deepEqual(await two, { id: p2.id, seq: 12, duplicate: false });
  assert.equal(client.pendingCount, 0);
});

test('publish is rejected by an error frame carrying its id', async () => {
  const { client, socket } = setup();
  const errors = [];
  client.on('error', (e) => errors.push(e));
  client.connect();
  socket().accept();
  const refused = client.publish('announce.news', 'hello');
  const [p] = socket().sentOf('publish');
  socket().reply({ type: 'error', code: 'forbidden', message: 'no publish right', id: p.id });
  await assert.rejects(refused, (e) => e instanceof SwitchboardError && e.code === 'forbidden'
    && e.id === p.id && e.channel === 'announce.news');
  assert.deepEqual(errors, [], 'an error that rejected a promise is not reported twice');
  socket().reply({ type: 'error', code: 'rate_limited', message: 'slow down' });
  assert.equal(errors[0].code, 'rate_limited');
});

test('unacked publishes are re-sent with the same ids after a reconnect, after the resubscribes', async () => {
  const { client, time, socket, states, sockets } = setup();
  client.connect();
  socket().accept();
  client.subscribe('lobby');
  socket().reply({ type: 'subscribed', channel: 'lobby', seq: 0, epoch: 'E', id: socket().sentOf('subscribe')[0].id });
  const acked = client.publish('lobby', 'one');
  const lost1 = client.publish('lobby', 'two');
  const lost2 = client.publish('lobby', 'three');
  const ids = socket().sentOf('publish').map((p) => p.id);
  socket().reply({ type: 'ack', id: ids[0], seq: 1 });
  socket().drop(1006);
  const whileDown = client.publish('lobby', 'four');
  time.advance(lastState(states).delay);
  const second = socket();
  assert.equal(second.sent.length, 0, 'nothing is sent before open');
  second.accept();
  assert.deepEqual(second.sent.map((f) => f.type), ['subscribe', 'publish', 'publish', 'publish']);
  const resent = second.sentOf('publish');
  assert.deepEqual(resent.map((p) => p.id).slice(0, 2), ids.slice(1));
  assert.deepEqual(resent.map((p) => p.data), ['two', 'three', 'four']);
  second.reply({ type: 'ack', id: ids[1], seq: 2, duplicate: true },
    { type: 'ack', id: ids[2], seq: 3 }, { type: 'ack', id: resent[2].id, seq: 4 });
  assert.equal((await acked).seq, 1);
  assert.deepEqual([(await lost1).seq, (await lost2).seq, (await whileDown).seq], [2, 3, 4]);
  assert.equal(sockets[0].sentOf('publish').length, 3, 'each publish went once per connection');
});

test('a publish retried with the id of a rejected one carries that id', async () => {
  const { client, socket } = setup();
  client.connect();
  socket().accept();
  const first = client.publish('lobby', 'x');
  const [p] = socket().sentOf('publish');
  socket().reply({ type: 'error', code: 'unavailable', message: 'try later', id: p.id });
  const error = await first.catch((e) => e);
  assert.equal(error.code, 'unavailable');
  const retry = client.publish('lobby', 'x', { id: error.id });
  assert.equal(client.publish('lobby', 'x', { id: error.id }), retry, 'the same id while waiting: the same promise');
  assert.deepEqual(socket().sentOf('publish').map((f) => f.id), [p.id, p.id]);
  socket().reply({ type: 'ack', id: p.id, seq: 9 });
  assert.equal((await retry).seq, 9);
});

test('what a listener of the open state sends goes once, after the resent requests', () => {
  const { client, time, socket, states } = setup();
  client.connect();
  socket().accept();
  client.publish('lobby', 'waiting');
  socket().drop(1006);
  client.on('state', (s) => {
    if (s.state === 'open') {
      client.subscribe('news');
      client.publish('lobby', 'from the listener');
    }
  });
  time.advance(lastState(states).delay);
  socket().accept();
  assert.deepEqual(socket().sent.map((f) => `${f.type} ${f.data ?? f.channel}`),
    ['publish waiting', 'subscribe news', 'publish from the listener']);
});

test('publishes beyond maxPending are rejected at once', async () => {
  const { client } = setup({ maxPending: 2 });
  client.connect();
  client.publish('lobby', 1);
  client.publish('lobby', 2);
  await assert.rejects(client.publish('lobby', 3), (e) => e.code === 'limit_exceeded');
  assert.equal(client.pendingCount, 2);
});

test('a publish the server never answers is sent again, with its id, after resendAfter', () => {
  const { client, time, socket } = setup({ resendAfter: 30000, pingAfter: 1e9 });
  client.connect();
  socket().accept();
  client.publish('lobby', 'x');
  time.advance(29999);
  assert.equal(socket().sentOf('publish').length, 1);
  time.advance(1);
  const [a, b] = socket().sentOf('publish');
  assert.equal(b.id, a.id);
});

test('history is a request answered by its reply, re-sent after a reconnect', async () => {
  const { client, time, socket, states } = setup();
  client.connect();
  socket().accept();
  const reading = client.history('lobby', { before: 18, limit: 50 });
  const [h] = socket().sentOf('history');
  assert.deepEqual({ ...h, id: undefined }, { type: 'history', channel: 'lobby', before: 18, limit: 50, id: undefined });
  socket().drop(1006);
  time.advance(lastState(states).delay);
  socket().accept();
  const [again] = socket().sentOf('history');
  assert.equal(again.id, h.id);
  socket().reply({ type: 'history', channel: 'lobby', epoch: 'E', messages: [{ seq: 17, data: 'x', from: 'b', ts: 1 }], id: h.id });
  assert.deepEqual(await reading, { channel: 'lobby', epoch: 'E', messages: [{ seq: 17, data: 'x', from: 'b', ts: 1 }] });
});

test('a refused subscribe rejects and is not tried again on the next connection', async () => {
  const { client, time, socket, states } = setup();
  client.connect();
  socket().accept();
  const subscribing = client.subscribe('admin.audit');
  socket().reply({ type: 'error', code: 'forbidden', message: 'no', id: socket().sentOf('subscribe')[0].id });
  await assert.rejects(subscribing, (e) => e.code === 'forbidden' && e.channel === 'admin.audit');
  socket().drop(1006);
  time.advance(lastState(states).delay);
  socket().accept();
  assert.deepEqual(socket().sentOf('subscribe'), []);
});

test('an unsubscribed channel is not resubscribed and its late messages are dropped', async () => {
  const { client, time, socket, states } = setup();
  const messages = [];
  client.on('message', (m) => messages.push(m));
  client.connect();
  socket().accept();
  client.subscribe('lobby');
  socket().reply({ type: 'subscribed', channel: 'lobby', seq: 0, epoch: 'E', id: socket().sentOf('subscribe')[0].id });
  const leaving = client.unsubscribe('lobby');
  const [u] = socket().sentOf('unsubscribe');
  socket().reply({ type: 'message', channel: 'lobby', seq: 1, data: 'late', from: 'b', ts: 1 },
    { type: 'unsubscribed', channel: 'lobby', id: u.id });
  await leaving;
  assert.deepEqual(messages, []);
  socket().drop(1006);
  time.advance(lastState(states).delay);
  socket().accept();
  assert.deepEqual(socket().sentOf('subscribe'), []);
});

test('a silent connection is pinged, and given up when the ping gets no answer', () => {
  const { client, time, socket, states, sockets } = setup({ pingAfter: 20000, pongTimeout: 10000 });
  client.connect();
  socket().accept();
  time.advance(19999);
  assert.deepEqual(socket().sentOf('ping'), []);
  time.advance(1);
  assert.equal(socket().sentOf('ping').length, 1);
  time.advance(9999);
  assert.equal(client.state, 'open');
  time.advance(1);
  assert.ok(sockets[0].closedByClient, 'the dead socket is closed');
  assert.equal(client.state, 'reconnecting');
  assert.equal(lastState(states).code, 1006);
  assert.match(lastState(states).reason, /ping/);
  sockets[0].drop(1006); // its late close event changes nothing
  assert.equal(lastState(states).state, 'reconnecting');
  time.advance(lastState(states).delay);
  assert.equal(sockets.length, 2);
});

test('any traffic, a pong or anything else, keeps the connection', () => {
  const { client, time, socket } = setup({ pingAfter: 20000, pongTimeout: 10000 });
  client.connect();
  socket().accept();
  for (let i = 0; i < 10; i++) {
    time.advance(20000);
    const ping = socket().sentOf('ping').at(-1);
    time.advance(5000);
    socket().reply({ type: 'pong', id: ping.id });
  }
  time.advance(15000);
  socket().reply({ type: 'broadcast', data: 'x', from: 'bob' });
  time.advance(15000);
  assert.equal(client.state, 'open');
  assert.equal(socket().closedByClient, null);
});

test('a connection that does not open within connectTimeout is given up', () => {
  const { client, time, sockets } = setup({ connectTimeout: 15000 });
  client.connect();
  time.advance(14999);
  assert.equal(client.state, 'connecting');
  time.advance(1);
  assert.ok(sockets[0].closedByClient);
  assert.equal(client.state, 'reconnecting');
});

test('going offline while open pings at once; no answer, and the client waits for the network', () => {
  const { client, time, socket, sockets, network } = setup({ pingAfter: 20000, pongTimeout: 10000 });
  client.connect();
  socket().accept();
  time.advance(1000);
  network.set(false);
  assert.equal(socket().sentOf('ping').length, 1);
  time.advance(10000);
  assert.ok(sockets[0].closedByClient);
  assert.equal(client.state, 'offline');
  network.set(true);
  assert.equal(sockets.length, 2);
});

test('a resubscribe refused for now (rate_limited) is sent again, not dropped', () => {
  const { client, time, socket, states } = setup({ resendAfter: 30000, pingAfter: 1e9 });
  const errors = [];
  client.on('error', (e) => errors.push(e));
  client.connect();
  socket().accept();
  client.subscribe('lobby');
  socket().reply({ type: 'subscribed', channel: 'lobby', seq: 2, epoch: 'E', id: socket().sentOf('subscribe')[0].id });
  socket().drop(1006);
  time.advance(lastState(states).delay);
  socket().accept();
  const [first] = socket().sentOf('subscribe');
  socket().reply({ type: 'error', code: 'rate_limited', message: 'slow down', id: first.id });
  assert.deepEqual(client.channels, ['lobby']);
  time.advance(30000);
  const [, again] = socket().sentOf('subscribe');
  assert.deepEqual(again, first, 'the same frame: same id, same since');
  assert.deepEqual(errors, []);
});

test('a subscribe the server never answers is sent again; a late second answer changes nothing', () => {
  const { client, time, socket } = setup({ resendAfter: 30000, pingAfter: 1e9 });
  const subscribed = [];
  client.on('subscribed', (s) => subscribed.push(s.seq));
  client.connect();
  socket().accept();
  client.subscribe('lobby');
  time.advance(30000);
  const [a, b] = socket().sentOf('subscribe');
  assert.equal(b.id, a.id);
  socket().reply({ type: 'subscribed', channel: 'lobby', seq: 3, epoch: 'E', id: a.id },
    { type: 'subscribed', channel: 'lobby', seq: 3, epoch: 'E', id: b.id });
  assert.deepEqual(subscribed, [3]);
  time.advance(30000);
  assert.equal(socket().sentOf('subscribe').length, 2, 'nothing is resent once answered');
});

for (const [code, reason] of [[4001, 'session ended'], [4003, 'kicked'], [4000, 'unsupported protocol'], [1000, 'normal closure'], [1003, 'binary frames are not supported']]) {
  test(`a close with ${code} stops reconnecting and says why`, async () => {
    const { client, time, socket, states, sockets } = setup();
    client.connect();
    socket().accept();
    const waiting = client.publish('lobby', 'x');
    socket().drop(code, reason);
    assert.deepEqual(lastState(states), { state: 'closed', code, reason });
    await assert.rejects(waiting, (e) => e.code === 'closed' && e.closeCode === code);
    time.advance(10 * 60 * 1000);
    assert.equal(sockets.length, 1);
    assert.equal(time.pending, 0, 'no timer left running');
    await assert.rejects(client.publish('lobby', 'y'), (e) => e.code === 'closed');
  });
}

test('a close without a reason gets the README\'s reason for its code', () => {
  const { client, socket, states } = setup();
  client.connect();
  socket().accept();
  socket().drop(4003, '');
  assert.equal(lastState(states).reason, 'kicked');
});

for (const code of [1001, 1006, 1011, 1013, 4002, 4008]) {
  test(`a close with ${code} reconnects`, () => {
    const { client, time, socket, states, sockets } = setup();
    client.connect();
    socket().accept();
    socket().drop(code, 'x');
    assert.equal(lastState(states).state, 'reconnecting');
    assert.equal(lastState(states).code, code);
    time.advance(lastState(states).delay);
    assert.equal(sockets.length, 2);
  });
}

test('after 4001 a sessionCheck that finds the login valid lets the client reconnect', async () => {
  let valid = true;
  const { client, time, socket, states, sockets } = setup({ sessionCheck: async () => valid });
  client.connect();
  socket().accept();
  socket().drop(4001, 'session ended');
  assert.equal(client.state, 'reconnecting');
  time.advance(lastState(states).delay);
  await settled();
  assert.equal(sockets.length, 2);
  socket().accept();
  socket().drop(4001, 'session ended');
  valid = false;
  time.advance(lastState(states).delay);
  await settled();
  assert.equal(sockets.length, 2);
  assert.deepEqual(lastState(states), { state: 'closed', code: 4001, reason: 'session ended' });
});

test('close() closes with 1000, rejects what waits and stops reconnecting; connect() starts again', async () => {
  const { client, time, socket, states, sockets } = setup();
  client.connect();
  socket().accept();
  client.subscribe('lobby');
  socket().reply({ type: 'subscribed', channel: 'lobby', seq: 4, epoch: 'E', id: socket().sentOf('subscribe')[0].id });
  const waiting = client.publish('lobby', 'x');
  client.close();
  assert.equal(sockets[0].closedByClient.code, 1000);
  assert.equal(lastState(states).state, 'closed');
  await assert.rejects(waiting, (e) => e.code === 'closed');
  time.advance(60000);
  assert.equal(sockets.length, 1);
  client.connect();
  socket().accept();
  assert.deepEqual(socket().sentOf('subscribe')[0].since, { seq: 4, epoch: 'E' });
});

test('after close() and connect() a channel is resubscribed with since and its recovered messages come once, in order', () => {
  const { client, socket } = setup();
  const seen = [];
  const subscribed = [];
  client.on('message', (m) => seen.push(m.seq));
  client.on('subscribed', (s) => subscribed.push(s));
  client.connect();
  socket().accept();
  client.subscribe('lobby');
  socket().reply({ type: 'subscribed', channel: 'lobby', seq: 4, epoch: 'E', id: socket().sentOf('subscribe')[0].id });
  socket().reply({ type: 'message', channel: 'lobby', seq: 5, data: 'a', from: 'bob', ts: 1 });
  client.close();
  client.connect();
  socket().accept();
  const resubscribe = socket().sentOf('subscribe')[0];
  assert.deepEqual(resubscribe.since, { seq: 5, epoch: 'E' });
  // left-overs before the answer are not the new subscription's
  socket().reply({ type: 'message', channel: 'lobby', seq: 6, data: 'early', from: 'bob', ts: 1 });
  socket().reply({ type: 'subscribed', channel: 'lobby', seq: 7, epoch: 'E', recovered: true, id: resubscribe.id },
    { type: 'message', channel: 'lobby', seq: 6, data: 'b', from: 'bob', ts: 1 },
    { type: 'message', channel: 'lobby', seq: 7, data: 'c', from: 'bob', ts: 1 },
    { type: 'message', channel: 'lobby', seq: 6, data: 'b', from: 'bob', ts: 1 });
  assert.deepEqual(seen, [5, 6, 7]);
  assert.equal(subscribed.length, 2);
  assert.equal(subscribed[1].resumed, true);
  assert.equal(subscribed[1].recovered, true);
});

test('a throwing listener does not stop the others or the client; its error is reported', () => {
  const reported = [];
  const { client, socket } = setup({ reportError: (e) => reported.push(e.message) });
  const seen = [];
  client.on('state', () => {
    throw new Error('listener bug');
  });
  client.on('state', (s) => seen.push(s.state));
  client.connect();
  socket().accept();
  assert.deepEqual(seen, ['connecting', 'open']);
  assert.deepEqual(reported, ['listener bug', 'listener bug']);
  assert.equal(client.state, 'open');
});

test('off() and the function on() returns remove a listener', () => {
  const { client, socket } = setup();
  const a = [];
  const b = [];
  const offA = client.on('state', (s) => a.push(s.state));
  const listenerB = (s) => b.push(s.state);
  client.on('state', listenerB);
  offA();
  client.off('state', listenerB);
  client.connect();
  socket().accept();
  assert.deepEqual([a, b], [[], []]);
});

// --- encodings --------------------------------------------------------------------------------

/** An open client of the current encoding subscribed to channel `c`, its seq at 0. */
async function subscribedToC(options = {}) {
  const s = setup(options);
  s.client.connect();
  s.socket().accept();
  const subscribed = s.client.subscribe('c');
  s.socket().reply({ type: 'subscribed', channel: 'c', seq: 0, epoch: 'E', id: s.socket().sentOf('subscribe')[0].id });
  await subscribed;
  return s;
}

testIn('msgpack', 'a ping is the README\'s 17 bytes in one binary frame', () => {
  const { client, time, socket } = setup({ idPrefix: 'p', pingAfter: 20000 });
  client.connect();
  socket().accept();
  time.advance(20000);
  assert.equal(socket().raw.length, 1);
  assert.equal(toHex(socket().raw[0]), '82 a4 74 79 70 65 a4 70 69 6e 67 a2 69 64 a2 70 31');
});

testIn('msgpack', 'the README\'s message frame arrives with its bytes as a Uint8Array', async () => {
  const { client, socket } = await subscribedToC();
  const messages = [];
  client.on('message', (m) => messages.push(m));
  socket().replyBytes(hex(`
    86 a4 74 79 70 65 a7 6d 65 73 73 61 67 65 a7 63 68 61 6e 6e 65 6c a1 63
    a3 73 65 71 12 a4 64 61 74 61 c4 02 01 02 a4 66 72 6f 6d a3 62 6f 62
    a2 74 73 cf 00 00 01 a2 13 e1 9f 64`));
  assert.deepEqual(messages, [{ channel: 'c', seq: 18, data: new Uint8Array([1, 2]), from: 'bob', ts: 1795629883236 }]);
  assert.ok(messages[0].data instanceof Uint8Array);
});

testIn('msgpack', 'every MessagePack form the server may write is read as its JSON value, bin as bytes', async () => {
  const { client, socket } = await subscribedToC();
  const messages = [];
  client.on('message', (m) => messages.push(m.data));
  const str = (text) => concat([new Uint8Array([0xa0 | text.length]), new TextEncoder().encode(text)]);
  const data = hex(`dc 00 18
    c0 c3 c2 00 7f e0 cc ff cd 01 00 ce 00 01 00 00 cf 00 1f ff ff ff ff ff ff
    d0 80 d1 80 00 d2 80 00 00 00 d3 ff e0 00 00 00 00 00 01
    ca 3f c0 00 00 cb bf d0 00 00 00 00 00 00
    a0 d9 03 61 62 63 a6 68 c3 a9 e2 9c 93
    c4 00 c5 00 02 01 02
    80 dc 00 01 01 de 00 01 a1 6b 92 a1 76 c0`);
  socket().replyBytes(concat([hex('85'), str('type'), str('message'), str('channel'), str('c'), str('seq'), hex('01'),
    str('data'), data, str('from'), str('bob')]));
  assert.deepEqual(messages, [[
    null, true, false, 0, 127, -32, 255, 256, 65536, 2 ** 53 - 1,
    -128, -32768, -(2 ** 31), -(2 ** 53 - 1),
    1.5, -0.25,
    '', 'abc', 'hé✓',
    new Uint8Array(0), new Uint8Array([1, 2]),
    {}, [1], { k: ['v', null] },
  ]]);
});

testIn('msgpack', 'several objects back to back in one binary frame are each handled, in order', async () => {
  const { client, socket } = await subscribedToC();
  const events = [];
  client.on('message', (m) => events.push(`message ${m.seq} ${toHex(m.data.bytes)}`));
  client.on('presence', (p) => events.push(`presence ${p.join?.user}`));
  client.on('deleted', (d) => events.push(`deleted ${d.seq}`));
  socket().replyBytes(concat([
    msgpack.encode({ type: 'message', channel: 'c', seq: 1, data: { bytes: new Uint8Array([7]) }, from: 'a', ts: 1 }),
    msgpack.encode({ type: 'presence', channel: 'c', join: { user: 'bob' } }),
    msgpack.encode({ type: 'some_future_type', more: [1, 2] }),
    msgpack.encode([1, 2, 3]), // not a map: no object of the protocol, ignored
    msgpack.encode({ type: 'deleted', channel: 'c', seq: 1 }),
    msgpack.encode({ type: 'message', channel: 'c', seq: 2, data: { bytes: new Uint8Array([8, 9]) }, from: 'a', ts: 2 }),
  ]));
  assert.deepEqual(events, ['message 1 07', 'presence bob', 'deleted 1', 'message 2 08 09']);
});

testIn('msgpack', 'a frame that is not MessagePack is an error event; what came before it is handled, the connection stays', async () => {
  const { client, socket } = await subscribedToC();
  const events = [];
  client.on('message', (m) => events.push(`message ${m.seq}`));
  client.on('error', (e) => events.push(`${e.code}: ${e.message}`));
  const one = msgpack.encode({ type: 'message', channel: 'c', seq: 1, data: 'x', from: 'a', ts: 1 });
  const two = msgpack.encode({ type: 'message', channel: 'c', seq: 2, data: 'y', from: 'a', ts: 2 });
  socket().replyBytes(concat([one, hex('c1'), two])); // c1: the byte MessagePack never uses
  socket().replyBytes(two.subarray(0, two.length - 3)); // cut short
  socket().replyBytes(hex('a3 61')); // a str of 3 bytes with 1 in the frame
  assert.equal(events.length, 4, events.join('\n'));
  assert.equal(events[0], 'message 1');
  for (const error of events.slice(1)) {
    assert.match(error, /^bad_json: the server sent a frame that is not MessagePack: ./);
  }
  socket().reply({ type: 'message', channel: 'c', seq: 2, data: 'y', from: 'a', ts: 2 });
  assert.equal(events.at(-1), 'message 2');
  assert.equal(client.state, 'open');
  assert.equal(socket().closedByClient, null);
});

testIn('msgpack', 'a text frame on a MessagePack connection is ignored', async () => {
  const { client, socket } = await subscribedToC();
  const events = [];
  client.on('message', (m) => events.push(m));
  client.on('error', (e) => events.push(e));
  socket().onmessage({ data: JSON.stringify({ type: 'message', channel: 'c', seq: 1, data: 'x', from: 'a', ts: 1 }) });
  assert.deepEqual(events, []);
  assert.equal(client.state, 'open');
});

testIn('json', 'a line that is not JSON is an error event; the other lines are handled', async () => {
  const { client, socket } = await subscribedToC();
  const events = [];
  client.on('message', (m) => events.push(`message ${m.seq}`));
  client.on('error', (e) => events.push(`${e.code}: ${e.message}`));
  socket().reply({ type: 'message', channel: 'c', seq: 1, data: 'x', from: 'a', ts: 1 }, '{"type":',
    { type: 'message', channel: 'c', seq: 2, data: 'y', from: 'a', ts: 2 });
  assert.deepEqual(events, ['message 1', 'bad_json: the server sent a line that is not JSON', 'message 2']);
});

test('every JSON type is sent as the value it stands for, one map per frame', async () => {
  const { client, socket } = await subscribedToC();
  const data = {
    nothing: null, yes: true, no: false, zero: 0, small: 127, negative: -33, byte: 255, short: 65535,
    int: 2 ** 32, big: 2 ** 53 - 1, low: -(2 ** 53 - 1), half: 1.5, tiny: -1e-300, huge: 1e300,
    text: '', unicode: 'héllo ✓ 🎉', list: [1, 'two', [3], { four: 4 }], nested: { a: { b: { c: [] } } },
  };
  client.publish('c', data);
  const sent = socket().sentOf('publish')[0];
  assert.deepEqual(sent.data, data);
  assert.equal(typeof sent.id, 'string');
  if (encoding === 'msgpack') {
    // integers in their smallest form, fractions as float 64
    const bytes = toHex(socket().raw.at(-1));
    assert.ok(bytes.includes('a4 7a 65 72 6f 00'), 'zero: a fixint');
    assert.ok(bytes.includes('a4 62 79 74 65 cc ff'), 'byte: uint 8');
    assert.ok(bytes.includes('a3 69 6e 74 cf 00 00 00 01 00 00 00 00'), 'int: uint 64');
    assert.ok(bytes.includes('a4 68 61 6c 66 cb 3f f8 00 00 00 00 00 00'), 'half: float 64');
  }
});

test('what JSON leaves out or changes is sent the same way in both encodings', async () => {
  const { client, socket } = await subscribedToC();
  const when = new Date(Date.UTC(2026, 0, 2, 3, 4, 5));
  const data = { gone: undefined, fn() {}, when, nan: NaN, inf: -Infinity, list: [undefined, () => 1, NaN], map: new Map([[1, 2]]) };
  client.publish('c', data);
  assert.deepEqual(socket().sentOf('publish')[0].data, JSON.parse(JSON.stringify(data)));
  assert.deepEqual(socket().sentOf('publish')[0].data,
    { when: '2026-01-02T03:04:05.000Z', nan: null, inf: null, list: [null, null, null], map: {} });
});

test('bytes in data are sent as bin in MessagePack and as {"$bin": base64} in JSON', async () => {
  const { client, socket } = await subscribedToC();
  const buffer = new ArrayBuffer(4);
  new DataView(buffer).setUint32(0, 0x01020304);
  client.publish('c', { file: new Uint8Array([0, 255, 16]), parts: [new Uint8Array(0), buffer, new Uint8Array(buffer, 1, 2)] });
  const sent = socket().sentOf('publish')[0].data;
  if (encoding === 'msgpack') {
    assert.deepEqual(sent, { file: new Uint8Array([0, 255, 16]),
      parts: [new Uint8Array(0), new Uint8Array([1, 2, 3, 4]), new Uint8Array([2, 3])] });
    assert.ok(toHex(socket().raw.at(-1)).includes('a4 66 69 6c 65 c4 03 00 ff 10'), 'file: a bin of 3 bytes');
  } else {
    assert.deepEqual(sent, { file: { $bin: 'AP8Q' }, parts: [{ $bin: '' }, { $bin: 'AQIDBA==' }, { $bin: 'AgM=' }] });
  }
  // a large one, past the chunking of the base64 encoder
  const large = Uint8Array.from({ length: 100000 }, (_, i) => (i * 7) & 0xff);
  client.publish('c', large);
  assert.deepEqual(SwitchboardClient.bytes(socket().sentOf('publish')[1].data), large);
});

test('bytes received are what SwitchboardClient.bytes() turns into a Uint8Array in both encodings', async () => {
  const { client, socket } = await subscribedToC();
  const data = [];
  client.on('message', (m) => data.push(m.data));
  if (encoding === 'msgpack') {
    socket().replyBytes(concat([hex('85 a4 74 79 70 65 a7 6d 65 73 73 61 67 65 a7 63 68 61 6e 6e 65 6c a1 63'),
      hex('a3 73 65 71 01 a4 64 61 74 61 c4 03 01 02 03 a4 66 72 6f 6d a3 62 6f 62')]));
    assert.ok(data[0] instanceof Uint8Array, 'bin arrives as a Uint8Array');
  } else {
    socket().reply({ type: 'message', channel: 'c', seq: 1, data: { $bin: 'AQID' }, from: 'bob' });
    assert.deepEqual(data[0], { $bin: 'AQID' }, 'text clients get the object as sent');
  }
  assert.deepEqual(SwitchboardClient.bytes(data[0]), new Uint8Array([1, 2, 3]));
});

nodeTest('SwitchboardClient.bytes() reads exactly the objects the server takes for bytes', () => {
  const bytes = SwitchboardClient.bytes;
  const u = new Uint8Array([1, 2]);
  assert.equal(bytes(u), u, 'a Uint8Array as it is');
  assert.deepEqual(bytes({ $bin: 'AQI=' }), u);
  assert.deepEqual(bytes({ $bin: 'AQI' }), u, 'padding may be left out');
  assert.deepEqual(bytes({ $bin: '' }), new Uint8Array(0));
  assert.deepEqual(bytes({ $bin: '+/+/' }), new Uint8Array([0xfb, 0xff, 0xbf]));
  assert.deepEqual(bytes({ $bin: 'AAEC' }), new Uint8Array([0, 1, 2]));
  for (const notBytes of [
    { $bin: '-_-_' }, // URL-safe alphabet: not standard base64
    { $bin: 'AQI= ' }, { $bin: 'AQ I=' }, { $bin: 'A' }, { $bin: 'AQI==' }, { $bin: 'A===' }, { $bin: '=' },
    { $bin: 'AQI=', more: 1 }, { $bin: 1 }, { $bin: null }, { bin: 'AQI=' }, {},
    [1, 2], 'AQI=', null, undefined, 3, new ArrayBuffer(2),
  ]) {
    assert.equal(bytes(notBytes), null, JSON.stringify(notBytes) ?? String(notBytes));
  }
});

nodeTest('an unknown encoding is refused when the client is made', () => {
  assert.throws(() => new SwitchboardClient({ encoding: 'cbor' }), (e) => e instanceof TypeError && /json.*msgpack.*cbor/.test(e.message));
});

// Without a `msgpack` option the client loads the library from beside its module on first connect.
nodeTest('by default the MessagePack library is loaded from beside the module, then the socket opens', async () => {
  FakeSocket.all = [];
  const time = new FakeTime();
  const opened = new Promise((resolve) => { FakeSocket.created = resolve; });
  try {
    const client = new SwitchboardClient({ url: 'ws://hub.test/ws', encoding: 'msgpack', WebSocket: FakeSocket,
      setTimeout: time.setTimeout, clearTimeout: time.clearTimeout, now: () => time.now, network: new FakeNetwork() });
    const states = [];
    client.on('state', (s) => states.push(s.state));
    client.connect();
    assert.deepEqual(states, ['connecting']);
    const socket = await opened;
    assert.equal(socket.protocol, MSGPACK_PROTOCOL);
    socket.accept();
    assert.equal(client.state, 'open');
    client.publish('c', new Uint8Array([5]));
    assert.deepEqual(socket.sentOf('publish')[0].data, new Uint8Array([5]));
  } finally {
    FakeSocket.created = null;
  }
});

nodeTest('a library that does not load is an error event and a reconnect with backoff; close() stops it', async () => {
  // A copy of the module with nothing beside it.
  const alone = mkdtempSync(join(tmpdir(), 'switchboard-js-alone-'));
  copyFileSync(join(webapp, 'switchboard.js'), join(alone, 'switchboard.mjs'));
  const { SwitchboardClient: Alone } = await import(pathToFileURL(join(alone, 'switchboard.mjs')).href);
  FakeSocket.all = [];
  const time = new FakeTime();
  const client = new Alone({ url: 'ws://hub.test/ws', encoding: 'msgpack', WebSocket: FakeSocket, random: () => 0.5,
    setTimeout: time.setTimeout, clearTimeout: time.clearTimeout, now: () => time.now, network: new FakeNetwork() });
  const errors = [];
  client.on('error', (e) => errors.push(e));
  const reconnecting = new Promise((resolve) => client.on('state', (s) => s.state === 'reconnecting' && resolve(s)));
  client.connect();
  const state = await reconnecting;
  assert.equal(errors.length, 1);
  assert.equal(errors[0].code, 'connect_failed');
  assert.match(errors[0].message, /the MessagePack library did not load/);
  assert.equal(state.code, 1006);
  assert.equal(state.delay, 250);
  assert.equal(FakeSocket.all.length, 0);
  time.advance(state.delay);
  assert.equal(client.state, 'connecting');
  client.close(); // while the second attempt loads
  const failed = errors.length;
  await import(pathToFileURL(join(alone, MSGPACK_LIBRARY)).href).catch(() => {}); // as long as the client's try
  await settled();
  assert.equal(client.state, 'closed');
  assert.equal(errors.length, failed, 'a closed client reports nothing more');
  assert.equal(FakeSocket.all.length, 0);
});

nodeTest('a connection given up while the library loads does not open a socket later', async () => {
  FakeSocket.all = [];
  const time = new FakeTime();
  const client = new SwitchboardClient({ url: 'ws://hub.test/ws', encoding: 'msgpack', WebSocket: FakeSocket,
    random: () => 0.5, connectTimeout: 1000, setTimeout: time.setTimeout, clearTimeout: time.clearTimeout,
    now: () => time.now, network: new FakeNetwork() });
  const states = [];
  client.on('state', (s) => states.push(s.state));
  const created = new Promise((resolve) => { FakeSocket.created = resolve; });
  try {
    client.connect();
    time.advance(1000); // connectTimeout, before the import could finish
    assert.deepEqual(states, ['connecting', 'reconnecting']);
    time.advance(250);
    assert.deepEqual(states, ['connecting', 'reconnecting', 'connecting']);
    await created;
    await settled();
    assert.equal(FakeSocket.all.length, 1, 'one socket: the second attempt\'s, not the abandoned one\'s');
  } finally {
    FakeSocket.created = null;
  }
});
