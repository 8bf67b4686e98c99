// Switchboard's browser client: one resilient connection to the hub's /ws endpoint, speaking
// protocol v1 as the README's "Protocol v1 reference" describes it, in JSON text frames or, with
// {encoding: 'msgpack'}, in MessagePack binary frames. No build step:
//   import { SwitchboardClient } from '/switchboard.js';
// The README's "Browser client" section documents the API; this file says why where it matters.

export const PROTOCOL = 'switchboard.v1';
export const MSGPACK_PROTOCOL = 'switchboard.v1+msgpack';

// The MessagePack library (@msgpack/msgpack, its unchanged ES module build) that the WAR serves
// beside this module; only a client that asks for MessagePack loads it.
export const MSGPACK_LIBRARY = 'vendor/msgpack/3.1.3/dist.esm/index.mjs';

const ENCODINGS = new Set(['json', 'msgpack']);

export const DEFAULTS = Object.freeze({
  encoding: 'json',
  backoffBase: 500,
  backoffCap: 30000,
  stableAfter: 10000,
  pingAfter: 20000,
  pongTimeout: 10000,
  connectTimeout: 15000,
  resendAfter: 30000,
  maxPending: 1000,
});

// The close codes whose README row says "reconnect? no": reconnecting unchanged fails again.
// 4001 (session ended) is in the table as "yes, logging in again if the handshake answers 401",
// but a page cannot see the handshake's status, so it stops here unless a sessionCheck says the
// login is still valid (max-lifetime, roles changed).
const TERMINAL = new Map([
  [1000, 'normal closure'],
  [1002, 'protocol error'],
  [1003, 'binary frames are not supported'],
  [1007, 'invalid UTF-8'],
  [1009, 'message too big'],
  [4000, 'unsupported protocol'],
  [4001, 'session ended'],
  [4003, 'kicked'],
]);

// Error codes that refuse a request for now only: a subscribe is sent again (a publish is not:
// its promise is rejected and the application decides).
const RETRYABLE = new Set(['rate_limited', 'unavailable']);

// A connection given up locally (no pong, no open) is reported as browsers report a dropped one.
const ABNORMAL = 1006;

/** A request the hub refused (`code` from its error frame) or the client could not send. */
export class SwitchboardError extends Error {
  constructor(code, message, details = {}) {
    super(message);
    this.name = 'SwitchboardError';
    this.code = code;
    Object.assign(this, details);
  }
}

export class SwitchboardClient {
  #o;
  #listeners = new Map();
  #state = 'idle';
  #stopped = true;
  #ws = null;
  #openedAt = null;
  #attempt = 0;
  #reconnectTimer = null;
  #connectTimer = null;
  #idleTimer = null;
  #pongTimer = null;
  #resendTimer = null;
  #unwatchNetwork = null;
  #checkSession = false;
  #checkToken = 0;
  #openToken = 0;
  #counter = 0;
  // How frames are written and read; null until the MessagePack library has loaded.
  #codec = null;
  // channel -> { seq, epoch, live, request, sentAt, presence, waiters }: the channels to be in,
  // kept across connections so that each reconnect resubscribes from where the last one stopped;
  // `request` is the subscribe frame waiting for its answer on this connection.
  #subs = new Map();
  // id -> { frame, kind, promise, resolve, reject, sentAt }: requests waiting for their reply, in
  // the order they were made, which is the order they are (re)sent in.
  #pending = new Map();

  constructor(options = {}) {
    const o = { ...DEFAULTS, ...options };
    o.WebSocket ??= globalThis.WebSocket;
    o.setTimeout ??= (fn, ms) => globalThis.setTimeout(fn, ms);
    o.clearTimeout ??= (handle) => globalThis.clearTimeout(handle);
    o.now ??= () => Date.now();
    o.random ??= Math.random;
    o.network ??= browserNetwork();
    o.idPrefix ??= randomPrefix(o.random);
    o.sessionCheck ??= null;
    o.msgpack ??= null;
    if (!ENCODINGS.has(o.encoding)) {
      throw new TypeError(`encoding must be 'json' or 'msgpack', not ${JSON.stringify(o.encoding)}`);
    }
    o.reportError ??= typeof globalThis.reportError === 'function'
      ? (e) => globalThis.reportError(e)
      : (e) => queueMicrotask(() => { throw e; });
    this.#o = o;
    if (o.encoding === 'json') {
      this.#codec = TEXT;
    } else if (o.msgpack !== null) {
      this.#codec = msgpackCodec(o.msgpack);
    }
  }

  /**
   * The bytes a data value stands for: a Uint8Array as it is (MessagePack's `bin`), the bytes of an
   * object that is exactly `{"$bin": standard base64}` (how text clients see bytes), else null.
   */
  static bytes(value) {
    if (value instanceof Uint8Array) {
      return value;
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      return null;
    }
    const keys = Object.keys(value);
    if (keys.length !== 1 || keys[0] !== '$bin' || typeof value.$bin !== 'string' || !BASE64.test(value.$bin)) {
      return null;
    }
    return fromBase64(value.$bin);
  }

  /** 'json' or 'msgpack'. */
  get encoding() {
    return this.#o.encoding;
  }

  /** 'idle', 'connecting', 'open', 'reconnecting', 'offline' or 'closed'. */
  get state() {
    return this.#state;
  }

  /** The channels this client is in or about to be in again. */
  get channels() {
    return [...this.#subs.keys()];
  }

  /** Requests (publishes, history) waiting for their reply. */
  get pendingCount() {
    return this.#pending.size;
  }

  /** The last seq handled in a channel and its epoch, to resume with `since` after a reload. */
  position(channel) {
    const sub = this.#subs.get(channel);
    return sub && sub.seq !== null && sub.epoch !== null ? { seq: sub.seq, epoch: sub.epoch } : null;
  }

  on(type, listener) {
    if (!this.#listeners.has(type)) {
      this.#listeners.set(type, new Set());
    }
    this.#listeners.get(type).add(listener);
    return () => this.off(type, listener);
  }

  off(type, listener) {
    this.#listeners.get(type)?.delete(listener);
  }

  connect() {
    if (!this.#stopped) {
      return;
    }
    this.#stopped = false;
    this.#attempt = 0;
    this.#checkSession = false;
    this.#unwatchNetwork = this.#o.network.watch((online) => this.#networkChanged(online));
    this.#open();
  }

  /** Closes with 1000 and stops reconnecting; waiting requests are rejected with code `closed`. */
  close() {
    if (this.#stopped) {
      return;
    }
    const ws = this.#ws;
    this.#detach();
    if (ws) {
      try {
        ws.close(1000, 'client closed');
      } catch {
        // already closing
      }
    }
    // As for a lost connection: a later connect() resubscribes from each channel's position.
    this.#connectionGone();
    this.#terminate(1000, 'closed by the client');
  }

  subscribe(channel, { since } = {}) {
    if (this.#state === 'closed') {
      return Promise.reject(closedError());
    }
    let sub = this.#subs.get(channel);
    if (sub?.live) {
      return Promise.resolve({ channel, seq: sub.seq, epoch: sub.epoch, presence: sub.presence, resumed: false, recovered: false });
    }
    const promise = new Promise((resolve, reject) => {
      if (!sub) {
        sub = { seq: since?.seq ?? null, epoch: since?.epoch ?? null, live: false, request: null,
          sentAt: null, presence: null, waiters: [] };
        this.#subs.set(channel, sub);
      }
      sub.waiters.push({ resolve, reject });
    });
    if (this.#state === 'open' && sub.request === null) {
      this.#sendSubscribe(channel, sub);
    }
    return promise;
  }

  unsubscribe(channel) {
    const sub = this.#subs.get(channel);
    if (!sub) {
      return Promise.resolve();
    }
    this.#subs.delete(channel);
    sub.waiters.forEach((w) => w.reject(new SwitchboardError('unsubscribed', `unsubscribed from ${channel}`, { channel })));
    if (this.#state !== 'open') {
      return Promise.resolve(); // the hub keeps no subscription of a connection that is gone
    }
    return this.#request('unsubscribe', { type: 'unsubscribe', channel }).promise;
  }

  publish(channel, data, { id } = {}) {
    if (data === undefined) {
      return Promise.reject(new SwitchboardError('invalid', 'data must be a JSON value (null included)', { channel }));
    }
    const same = id !== undefined && this.#pending.get(id);
    if (same) {
      return same.promise;
    }
    return this.#enqueue('publish', { type: 'publish', channel, data, id: id ?? this.#nextId() });
  }

  history(channel, { before, limit } = {}) {
    const frame = { type: 'history', channel };
    if (before !== undefined) frame.before = before;
    if (limit !== undefined) frame.limit = limit;
    return this.#enqueue('history', frame);
  }

  // --- requests ---------------------------------------------------------------------------------

  #enqueue(kind, frame) {
    if (this.#state === 'closed') {
      return Promise.reject(closedError(frame.id));
    }
    if (this.#pending.size >= this.#o.maxPending) {
      return Promise.reject(new SwitchboardError('limit_exceeded',
        `${this.#o.maxPending} requests are already waiting for a reply`, { id: frame.id, channel: frame.channel }));
    }
    return this.#request(kind, frame).promise;
  }

  #request(kind, frame) {
    frame.id ??= this.#nextId();
    const entry = { frame, kind, sentAt: null };
    entry.promise = new Promise((resolve, reject) => {
      entry.resolve = resolve;
      entry.reject = reject;
    });
    this.#pending.set(frame.id, entry);
    if (this.#state === 'open') {
      this.#sendRequest(entry);
    }
    return entry;
  }

  #sendRequest(entry) {
    entry.sentAt = this.#o.now();
    this.#send(entry.frame);
    this.#armResend();
  }

  #sendSubscribe(channel, sub) {
    const frame = { type: 'subscribe', channel, id: this.#nextId() };
    if (sub.seq !== null && sub.epoch !== null) {
      frame.since = { seq: sub.seq, epoch: sub.epoch };
    }
    sub.request = frame;
    sub.sentAt = this.#o.now();
    this.#send(frame);
    this.#armResend();
  }

  // The hub drops frames over its rate limit and says so at most once a second, so a request can
  // go unanswered on a live connection; resending the same frame is safe (publishes are
  // deduplicated, history is a read, a second subscribe changes nothing).
  #armResend() {
    if (this.#resendTimer !== null || this.#o.resendAfter <= 0) {
      return;
    }
    this.#resendTimer = this.#o.setTimeout(() => {
      this.#resendTimer = null;
      if (this.#state !== 'open') {
        return;
      }
      const due = this.#o.now() - this.#o.resendAfter;
      let waiting = false;
      for (const sub of this.#subs.values()) {
        if (sub.request !== null && sub.sentAt <= due) {
          sub.sentAt = this.#o.now();
          this.#send(sub.request);
        }
        waiting ||= sub.request !== null;
      }
      for (const entry of this.#pending.values()) {
        if (entry.kind !== 'unsubscribe' && entry.sentAt !== null && entry.sentAt <= due) {
          entry.sentAt = this.#o.now();
          this.#send(entry.frame);
        }
        waiting ||= entry.kind !== 'unsubscribe';
      }
      if (waiting) {
        this.#armResend();
      }
    }, this.#o.resendAfter);
  }

  #settle(id, settle) {
    const entry = this.#pending.get(id);
    if (!entry) {
      return false;
    }
    this.#pending.delete(id);
    settle(entry);
    return true;
  }

  // --- connection -------------------------------------------------------------------------------

  #open() {
    this.#clearTimers();
    const token = ++this.#openToken;
    this.#setState('connecting', { attempt: this.#attempt });
    // Armed first: loading the MessagePack library counts as part of opening.
    this.#connectTimer = this.#o.setTimeout(() => {
      this.#connectTimer = null;
      this.#abandon(`not open within ${this.#o.connectTimeout} ms`);
    }, this.#o.connectTimeout);
    if (this.#codec !== null) {
      this.#openSocket();
      return;
    }
    // Only this attempt may go on once the library is there: not one given up or replaced meanwhile.
    const current = () => token === this.#openToken && this.#state === 'connecting' && !this.#stopped;
    loadMsgpack().then((library) => {
      this.#codec ??= msgpackCodec(library);
      if (current()) this.#openSocket();
    }, (e) => {
      if (!current()) return;
      const message = `the MessagePack library did not load: ${e?.message ?? e}`;
      this.#emit('error', { code: 'connect_failed', message });
      this.#lost(ABNORMAL, message);
    });
  }

  #openSocket() {
    let ws;
    try {
      ws = new this.#o.WebSocket(this.#o.url ?? defaultUrl(), this.#codec.protocol);
      if (this.#codec.binaryType !== null) {
        ws.binaryType = this.#codec.binaryType;
      }
    } catch (e) {
      this.#emit('error', { code: 'connect_failed', message: String(e?.message ?? e) });
      this.#lost(ABNORMAL, String(e?.message ?? e));
      return;
    }
    this.#ws = ws;
    ws.onopen = () => this.#ws === ws && this.#opened();
    ws.onmessage = (event) => this.#ws === ws && this.#received(event.data);
    ws.onclose = (event) => this.#ws === ws && this.#lost(event.code, event.reason);
    ws.onerror = () => {}; // a close event follows, with the code
  }

  #opened() {
    this.#o.clearTimeout(this.#connectTimer);
    this.#connectTimer = null;
    this.#openedAt = this.#o.now();
    this.#state = 'open';
    this.#armIdle();
    // Subscriptions first: the hub handles a connection's requests in order, so a resent publish
    // to a channel comes back as a message after the recovered ones.
    for (const [channel, sub] of this.#subs) {
      this.#sendSubscribe(channel, sub);
    }
    for (const entry of this.#pending.values()) {
      this.#sendRequest(entry);
    }
    // Announced once all is sent, so what a listener sends now goes once, after it.
    this.#setState('open', {});
  }

  #received(data) {
    this.#armIdle();
    this.#codec.decode(data, (frame) => {
      if (frame !== null && typeof frame === 'object' && typeof frame.type === 'string') {
        this.#dispatch(frame);
      }
    }, (message) => this.#emit('error', { code: 'bad_json', message }));
  }

  #dispatch(frame) {
    switch (frame.type) {
      case 'subscribed':
        this.#subscribed(frame);
        break;
      case 'message':
        this.#message(frame);
        break;
      case 'deleted':
        this.#deleted(frame);
        break;
      case 'presence':
        if (this.#subs.get(frame.channel)?.live) {
          this.#emit('presence', omitType(frame));
        }
        break;
      case 'broadcast':
        this.#emit('broadcast', { data: frame.data, from: frame.from });
        break;
      case 'ack':
        this.#settle(frame.id, (e) => e.resolve({ id: frame.id, seq: frame.seq, duplicate: frame.duplicate === true }));
        break;
      case 'history':
        this.#settle(frame.id, (e) => e.resolve({ channel: frame.channel, epoch: frame.epoch, messages: frame.messages }));
        break;
      case 'unsubscribed':
        this.#settle(frame.id, (e) => e.resolve());
        break;
      case 'error':
        this.#error(frame);
        break;
      default:
        // pong needs nothing beyond the traffic it is; unknown types are ignored, as v1 requires
    }
  }

  #subscribed(frame) {
    const sub = this.#subs.get(frame.channel);
    if (!sub || sub.live) {
      return; // unsubscribed meanwhile, or the answer to a resent subscribe
    }
    const since = sub.request?.since ?? null;
    const recovered = since !== null && frame.recovered === true && frame.epoch === since.epoch;
    if (!recovered) {
      sub.seq = frame.seq;
    }
    sub.epoch = frame.epoch;
    sub.live = true;
    sub.request = null;
    sub.presence = frame.presence ?? null;
    if (since !== null && !recovered) {
      this.#emit('recoverylost', { channel: frame.channel, since, seq: frame.seq, epoch: frame.epoch });
    }
    const info = { channel: frame.channel, seq: frame.seq, epoch: frame.epoch, presence: sub.presence,
      resumed: since !== null, recovered };
    this.#emit('subscribed', info);
    const waiters = sub.waiters;
    sub.waiters = [];
    waiters.forEach((w) => w.resolve(info));
  }

  #message(frame) {
    const sub = this.#subs.get(frame.channel);
    // Until its `subscribed` answer a channel's frames are left-overs of an earlier subscription.
    if (!sub?.live || frame.seq <= sub.seq) {
      return; // not subscribed (any more), or seen already
    }
    sub.seq = frame.seq;
    this.#emit('message', omitType(frame));
  }

  #deleted(frame) {
    const sub = this.#subs.get(frame.channel);
    if (!sub?.live) {
      return;
    }
    // Above the last seq it stands for a message deleted before recovery delivered it; at or
    // below, a moderator deleted a message already shown. Either way the application drops it.
    if (frame.seq > sub.seq) {
      sub.seq = frame.seq;
    }
    this.#emit('deleted', { channel: frame.channel, seq: frame.seq });
  }

  #error(frame) {
    const error = new SwitchboardError(frame.code, frame.message, { id: frame.id });
    const request = frame.id === undefined ? undefined : this.#pending.get(frame.id);
    if (request) {
      this.#pending.delete(frame.id);
      error.channel = request.frame.channel;
      request.reject(error);
      return;
    }
    const refused = frame.id === undefined ? undefined
      : [...this.#subs].find(([, sub]) => sub.request?.id === frame.id);
    if (refused && RETRYABLE.has(frame.code)) {
      return; // still waiting: sent again after resendAfter
    }
    if (refused) {
      // Refused for good: the next connection would be refused the same way.
      const [channel, sub] = refused;
      this.#subs.delete(channel);
      error.channel = channel;
      sub.waiters.forEach((w) => w.reject(error));
      if (sub.waiters.length > 0) {
        return;
      }
    }
    this.#emit('error', { code: error.code, message: error.message, id: error.id, channel: error.channel });
  }

  #armIdle() {
    this.#o.clearTimeout(this.#pongTimer);
    this.#pongTimer = null;
    this.#o.clearTimeout(this.#idleTimer);
    this.#idleTimer = this.#o.setTimeout(() => {
      this.#idleTimer = null;
      this.#probe();
    }, this.#o.pingAfter);
  }

  // The hub's heartbeat pings are WebSocket control frames a page never sees, so the client asks
  // for traffic itself: a JSON ping, answered by a pong (or by anything else that arrives).
  #probe() {
    if (this.#state !== 'open' || this.#pongTimer !== null) {
      return;
    }
    this.#send({ type: 'ping', id: this.#nextId() });
    this.#pongTimer = this.#o.setTimeout(() => {
      this.#pongTimer = null;
      this.#abandon(`no answer to a ping within ${this.#o.pongTimeout} ms`);
    }, this.#o.pongTimeout);
  }

  // Gives up on a socket without waiting for its close event, which a dead network may delay for
  // minutes.
  #abandon(reason) {
    const ws = this.#ws;
    this.#detach();
    try {
      ws?.close();
    } catch {
      // nothing to close
    }
    this.#lost(ABNORMAL, reason);
  }

  #detach() {
    const ws = this.#ws;
    if (ws) {
      ws.onopen = ws.onmessage = ws.onclose = ws.onerror = null;
    }
    this.#ws = null;
  }

  #lost(code, reason) {
    this.#detach();
    this.#clearTimers();
    if (this.#openedAt !== null && this.#o.now() - this.#openedAt >= this.#o.stableAfter) {
      this.#attempt = 0;
    }
    this.#openedAt = null;
    this.#connectionGone();
    if (this.#stopped) {
      return;
    }
    if (TERMINAL.has(code) && !(code === 4001 && this.#o.sessionCheck)) {
      this.#terminate(code, reason || TERMINAL.get(code));
      return;
    }
    this.#checkSession = code === 4001;
    this.#scheduleReconnect(code, reason || TERMINAL.get(code) || '');
  }

  // Nothing sent on the old connection counts any more: subscriptions are not live (their
  // `subscribed` answer on the next connection is awaited again), requests are to be sent again.
  #connectionGone() {
    for (const sub of this.#subs.values()) {
      sub.live = false;
      sub.request = null;
      sub.sentAt = null;
    }
    for (const [id, entry] of this.#pending) {
      if (entry.kind === 'unsubscribe') {
        this.#pending.delete(id);
        entry.resolve();
      } else {
        entry.sentAt = null;
      }
    }
  }

  #scheduleReconnect(code, reason) {
    if (!this.#o.network.isOnline()) {
      this.#setState('offline', { code, reason });
      return;
    }
    // Full jitter: a random delay below the exponential bound, so clients dropped together
    // (a restart, 1001) do not come back together.
    const bound = Math.min(this.#o.backoffCap, this.#o.backoffBase * 2 ** this.#attempt);
    const delay = Math.floor(this.#o.random() * bound);
    this.#attempt++;
    this.#setState('reconnecting', { code, reason, delay, attempt: this.#attempt });
    this.#reconnectTimer = this.#o.setTimeout(() => {
      this.#reconnectTimer = null;
      this.#reconnectNow(code, reason);
    }, delay);
  }

  #reconnectNow(code, reason) {
    this.#o.clearTimeout(this.#reconnectTimer);
    this.#reconnectTimer = null;
    if (!this.#checkSession) {
      this.#open();
      return;
    }
    const token = ++this.#checkToken;
    Promise.resolve()
      .then(() => this.#o.sessionCheck())
      .then((valid) => {
        if (token !== this.#checkToken || this.#stopped) return;
        if (valid) {
          this.#checkSession = false;
          this.#open();
        } else {
          this.#terminate(4001, reason);
        }
      }, () => {
        if (token === this.#checkToken && !this.#stopped) this.#scheduleReconnect(code, reason);
      });
  }

  #networkChanged(online) {
    if (this.#stopped) {
      return;
    }
    if (online && (this.#state === 'offline' || this.#state === 'reconnecting')) {
      // Failures while offline say nothing about the server: start the backoff over.
      this.#attempt = 0;
      this.#reconnectNow(ABNORMAL, 'back online');
    } else if (!online && this.#state === 'reconnecting') {
      this.#o.clearTimeout(this.#reconnectTimer);
      this.#reconnectTimer = null;
      ++this.#checkToken;
      this.#setState('offline', { code: ABNORMAL, reason: 'offline' });
    } else if (!online && this.#state === 'open') {
      this.#probe(); // the socket may have died with the network: find out within pongTimeout
    }
  }

  #terminate(code, reason) {
    this.#stopped = true;
    this.#clearTimers();
    ++this.#checkToken;
    this.#unwatchNetwork?.();
    this.#unwatchNetwork = null;
    const pending = [...this.#pending.values()];
    this.#pending.clear();
    pending.forEach((e) => e.reject(Object.assign(closedError(e.frame.id, code, reason), { channel: e.frame.channel })));
    for (const [channel, sub] of this.#subs) {
      sub.waiters.forEach((w) => w.reject(Object.assign(closedError(undefined, code, reason), { channel })));
      sub.waiters = [];
    }
    this.#setState('closed', { code, reason });
  }

  #clearTimers() {
    const clear = this.#o.clearTimeout;
    clear(this.#reconnectTimer);
    clear(this.#connectTimer);
    clear(this.#idleTimer);
    clear(this.#pongTimer);
    clear(this.#resendTimer);
    this.#reconnectTimer = this.#connectTimer = this.#idleTimer = this.#pongTimer = this.#resendTimer = null;
  }

  #send(frame) {
    try {
      this.#ws?.send(this.#codec.encode(frame));
    } catch {
      // the socket is closing; its close event brings the reconnect that resends
    }
  }

  #nextId() {
    return `${this.#o.idPrefix}${++this.#counter}`;
  }

  #setState(state, detail) {
    this.#state = state;
    this.#emit('state', { state, ...detail });
  }

  #emit(type, detail) {
    for (const listener of [...(this.#listeners.get(type) ?? [])]) {
      try {
        listener(detail);
      } catch (e) {
        // A failing listener must not break the client's bookkeeping: reported as uncaught.
        this.#o.reportError(e);
      }
    }
  }
}

// --- encodings ----------------------------------------------------------------------------------

const TEXT = Object.freeze({
  protocol: PROTOCOL,
  binaryType: null,
  encode: (frame) => JSON.stringify(frame, bytesAsBin),
  decode(data, handle, fail) {
    if (typeof data !== 'string') {
      return;
    }
    // The hub may coalesce several objects into one frame, separated by newlines.
    for (const line of data.split('\n')) {
      if (line.trim() === '') {
        continue;
      }
      let frame;
      try {
        frame = JSON.parse(line);
      } catch {
        fail('the server sent a line that is not JSON');
        continue;
      }
      handle(frame);
    }
  },
});

function msgpackCodec(library) {
  const encoder = new library.Encoder();
  const decoder = new library.Decoder();
  return Object.freeze({
    protocol: MSGPACK_PROTOCOL,
    binaryType: 'arraybuffer',
    encode: (frame) => encoder.encode(jsonValue(frame)),
    decode(data, handle, fail) {
      if (!(data instanceof ArrayBuffer) && !ArrayBuffer.isView(data)) {
        return;
      }
      // The hub may coalesce several objects into one frame, back to back: each is handled as it
      // is decoded, so those before a fault are handled and the fault ends the frame.
      const objects = decoder.decodeMulti(data);
      for (;;) {
        let next;
        try {
          next = objects.next();
        } catch (e) {
          fail(`the server sent a frame that is not MessagePack: ${e?.message ?? e}`);
          return;
        }
        if (next.done) {
          return;
        }
        handle(next.value);
      }
    },
  });
}

function loadMsgpack() {
  return import(new URL(MSGPACK_LIBRARY, import.meta.url).href);
}

// The value JSON.stringify would send, bytes kept as bytes: both encodings send the same data.
function jsonValue(value, key = '') {
  if (typeof value === 'object' && value !== null) {
    const bytes = asBytes(value);
    if (bytes !== null) {
      return bytes;
    }
    if (typeof value.toJSON === 'function') {
      return jsonValue(value.toJSON(key), key);
    }
    if (Array.isArray(value)) {
      return value.map((item, i) => jsonValue(item, String(i)) ?? null);
    }
    if (value instanceof Number || value instanceof String || value instanceof Boolean) {
      return jsonValue(value.valueOf(), key);
    }
    const object = {};
    for (const [name, item] of Object.entries(value)) {
      const plain = jsonValue(item, name);
      if (plain !== undefined) {
        object[name] = plain;
      }
    }
    return object;
  }
  switch (typeof value) {
    case 'number':
      return Number.isFinite(value) ? value : null;
    case 'bigint':
      throw new TypeError('a BigInt has no JSON form');
    case 'undefined':
    case 'function':
    case 'symbol':
      return undefined;
    default:
      return value;
  }
}

// A JSON.stringify replacer: bytes become the protocol's {"$bin": base64} object. It looks at the
// holder's own value, before any toJSON, so bytes are bytes here as in MessagePack.
function bytesAsBin(key, value) {
  const bytes = asBytes(this[key]);
  return bytes === null ? value : { $bin: toBase64(bytes) };
}

function asBytes(value) {
  if (value instanceof Uint8Array) {
    return value;
  }
  if (ArrayBuffer.isView(value)) {
    return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  }
  return value instanceof ArrayBuffer ? new Uint8Array(value) : null;
}

// Standard base64 (RFC 4648 section 4) as the server reads it: its `=` padding may be left out.
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}(?:==)?|[A-Za-z0-9+/]{3}=?)?$/;

function toBase64(bytes) {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

function fromBase64(text) {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) {
    bytes[i] = binary.charCodeAt(i);
  }
  return bytes;
}

function closedError(id, code, reason) {
  const why = code === undefined ? 'the client is closed' : `the connection closed with ${code} ${reason ?? ''}`.trim();
  return new SwitchboardError('closed', why, { id, closeCode: code });
}

function omitType(frame) {
  const { type, ...rest } = frame;
  void type;
  return rest;
}

// The hub's /ws beside this module, so a non-root context path needs no configuration.
function defaultUrl() {
  const url = new URL('ws', import.meta.url);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return url.href;
}

function browserNetwork() {
  if (typeof globalThis.addEventListener !== 'function' || typeof navigator === 'undefined') {
    return { isOnline: () => true, watch: () => () => {} };
  }
  return {
    isOnline: () => navigator.onLine !== false,
    watch(onChange) {
      const online = () => onChange(true);
      const offline = () => onChange(false);
      globalThis.addEventListener('online', online);
      globalThis.addEventListener('offline', offline);
      return () => {
        globalThis.removeEventListener('online', online);
        globalThis.removeEventListener('offline', offline);
      };
    },
  };
}

// Publish ids must be unique per sender for the hub's deduplication window, across tabs and
// reloads: a random prefix per client, then a counter.
function randomPrefix(random) {
  const bytes = new Uint8Array(8);
  if (globalThis.crypto?.getRandomValues) {
    globalThis.crypto.getRandomValues(bytes);
  } else {
    bytes.forEach((_, i) => { bytes[i] = Math.floor(random() * 256); });
  }
  return `${[...bytes].map((b) => b.toString(16).padStart(2, '0')).join('')}-`;
}
