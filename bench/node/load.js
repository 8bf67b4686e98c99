'use strict';
// Load generator for bench/compare.sh: the same load, from the same Node process design and the
// `ws` client, against Switchboard and against the reference hub (hub.js). Bounded in count and
// time, only ever aimed at 127.0.0.1, and checking what it receives as it goes.
//
//   node load.js MODE --url ws://127.0.0.1:PORT/ws [--login http://127.0.0.1:PORT] [options]
//
// --login logs in first (POST /api/login as --user alice, --password demo) and sends every cookie
// it got, with the server's own Origin, on each handshake: Switchboard refuses handshakes
// without them. Without --login no login is made (the reference hub checks none).
//
// Modes and their options (defaults in brackets); every mode also takes --timeout [120] (seconds
// for the whole run; a watchdog ends a run that overstays it by 30 s):
//   echo     --connections [100] --inflight [10] --seconds [20] --warmup [3] --size [32]
//            each connection keeps --inflight echo requests (distinct ids) in flight; reports round
//            trips/s and round-trip p50/p99 over --seconds after --warmup; checks every reply
//            answers a request of its own connection with the data unchanged.
//   fanout   --subscribers [1000] --messages [600] --size [100] --window [32] --channel [fresh]
//            one publisher, not subscribed, keeps --window un-acked publishes; reports deliveries/s
//            (deliveries over first publish to last delivery); checks every subscriber gets every
//            message once, in order, numbered from its subscribed seq, with the data published as
//            that seq, and that acks count up by one.
//   latency  --subscribers [1000] --rate [50] --seconds [20] --warmup [2] --size [100] --channel
//            [fresh] --expect-ephemeral [false]
//            one publisher sends --rate publishes/s on a fixed schedule whatever the acks; the data
//            carries the send time (this process's clock), each subscriber records receive time
//            minus send time; reports p50/p99/max of the messages after --warmup. Checks as in
//            fanout. --expect-ephemeral true: afterwards the channel's history must be empty (a
//            Switchboard channel with durable=false), else the run fails with exit 1.
//   idle     --connections [10000] --concurrency [200] --hold [600] --server-pid [none]
//            opens the connections, at most --concurrency handshakes at a time, and reports the
//            seconds until all are open (and, with --server-pid, the server's CPU use meanwhile from
//            /proc); checks each answers a ping (--concurrency pings at a time), prints
//            `IDLE-READY ...`, then holds them until SIGUSR2, SIGTERM or --hold seconds; then checks
//            each answers a ping again and closes.
//   publish  --publishers [4] --messages [5000] --window [64] --subscribers [1] --size [100]
//            --channel [fresh]
//            each publisher keeps --window un-acked publishes with unique ids; reports acked
//            publishes/s (first send to last ack); checks each publisher's acks have increasing seq,
//            every subscriber gets every acked seq once and in order, and seq S carries the message
//            acked as S.
//
// Prints one human line and one `RESULT mode=... key=value ...` line. Exit status: 0 complete and
// correct, 1 bad arguments or setup failure, 2 incomplete (timeout, lost connections, error
// frames), 3 violations (order, duplicates, mismatched replies; 3 even when also incomplete).
const http = require('node:http');
const fs = require('node:fs');
const crypto = require('node:crypto');
const { performance } = require('node:perf_hooks');
const { WebSocket } = require('ws');

const SUBPROTOCOL = 'switchboard.v1';
const EXIT_OK = 0;
const EXIT_SETUP = 1;
const EXIT_INCOMPLETE = 2;
const EXIT_VIOLATIONS = 3;
const MODES = ['echo', 'fanout', 'latency', 'idle', 'publish'];

class SetupError extends Error {}

// ------------------------------------------------------------------------------ options

const mode = process.argv[2];
const opts = parseOptions(process.argv.slice(3));
if (!MODES.includes(mode)) usage(`MODE must be one of ${MODES.join(', ')}`);
const url = opts.url ?? 'ws://127.0.0.1:8080/ws';
if (!/^ws:\/\/127\.0\.0\.1:\d+\//.test(url)) usage('--url must be ws://127.0.0.1:PORT/...');
if (opts.login !== undefined && !/^http:\/\/127\.0\.0\.1:\d+(\/.*)?$/.test(opts.login)) {
    usage('--login must be http://127.0.0.1:PORT[/context-root]');
}
const timeoutMs = num('timeout', 120, 1, 3600) * 1000;
const deadline = performance.now() + timeoutMs;
setTimeout(() => {
    console.error('watchdog: the run did not finish in time, halting');
    process.exit(EXIT_INCOMPLETE);
}, timeoutMs + 30_000).unref();

function parseOptions(argv) {
    const out = {};
    for (let i = 0; i < argv.length; i += 2) {
        if (!argv[i].startsWith('--') || i + 1 >= argv.length) usage(`bad argument ${argv[i]}`);
        out[argv[i].slice(2)] = argv[i + 1];
    }
    return out;
}

function num(name, dflt, min, max) {
    if (opts[name] === undefined) return dflt;
    const v = Number(opts[name]);
    if (!Number.isFinite(v) || v < min || v > max) usage(`--${name} must be a number from ${min} to ${max}`);
    return v;
}

function int(name, dflt, min, max) {
    const v = num(name, dflt, min, max);
    if (!Number.isInteger(v)) usage(`--${name} must be a whole number`);
    return v;
}

function channelOpt(prefix) {
    const c = opts.channel ?? `${prefix}${Date.now().toString(36)}.${crypto.randomBytes(3).toString('hex')}`;
    if (!/^[A-Za-z0-9._:-]{1,128}$/.test(c)) usage('--channel must match [A-Za-z0-9._:-]{1,128}');
    return c;
}

function usage(problem) {
    console.error(`error: ${problem}`);
    console.error('usage: node load.js echo|fanout|latency|idle|publish --url ws://127.0.0.1:PORT/ws [--login http://127.0.0.1:PORT] [options]');
    console.error('       (options of each mode: see the comment at the top of load.js)');
    process.exit(EXIT_SETUP);
}

// ------------------------------------------------------------------------------ plumbing

const now = () => performance.now();
const remaining = () => Math.max(0, deadline - now());
const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until check() is true (returns true) or ms have passed or the run's deadline (false). */
async function until(check, ms = remaining()) {
    const end = Math.min(deadline, now() + ms);
    while (!check()) {
        if (now() >= end) return check();
        await pause(5);
    }
    return true;
}

/** Millisecond samples; quantiles by sorting. Holds at most 20 million, then counts the rest. */
class Samples {
    constructor() {
        this.values = new Float64Array(1024);
        this.count = 0;
        this.dropped = 0;
        this.sorted = false;
    }

    add(ms) {
        if (this.count === this.values.length) {
            if (this.count >= 20_000_000) {
                this.dropped++;
                return;
            }
            const bigger = new Float64Array(this.values.length * 2);
            bigger.set(this.values);
            this.values = bigger;
        }
        this.values[this.count++] = ms;
        this.sorted = false;
    }

    quantile(q) {
        if (this.count === 0) return -1;
        if (!this.sorted) {
            this.values = this.values.subarray(0, this.count).sort();
            this.sorted = true;
        }
        return this.values[Math.min(this.count - 1, Math.floor(q * this.count))];
    }
}

/** What went wrong during a run; any error makes it incomplete, any violation makes it exit 3. */
const trouble = {
    errors: 0,
    firstError: null,
    violations: 0,
    firstViolation: null,
    closes: {},
    closing: false,
    error(what) {
        this.errors++;
        this.firstError ??= String(what);
    },
    violation(what) {
        this.violations++;
        this.firstViolation ??= String(what);
    },
    closeCount() {
        return Object.values(this.closes).reduce((a, b) => a + b, 0);
    },
    summary() {
        return `violations ${this.violations}${this.firstViolation ? ` (${this.firstViolation})` : ''}; `
            + `closes ${JSON.stringify(this.closes)}; errors ${this.errors}${this.firstError ? ` (${this.firstError})` : ''}`;
    },
};

const counts = { frames: 0, lines: 0 };

/** POSTs the login and returns the handshake headers: every cookie it set, and the server's Origin. */
function login(base, user, password) {
    const u = new URL(base);
    const origin = `http://${u.host}`;
    const body = JSON.stringify({ username: user, password });
    return new Promise((resolve, reject) => {
        const req = http.request({
            host: u.hostname, port: u.port, method: 'POST', path: `${u.pathname.replace(/\/$/, '')}/api/login`,
            headers: { Origin: origin, 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) },
            timeout: 10_000,
        }, (res) => {
            let text = '';
            res.setEncoding('utf8');
            res.on('data', (chunk) => { text += chunk; });
            res.on('end', () => {
                if (res.statusCode !== 204) {
                    reject(new SetupError(`login as ${user} at ${base} answered ${res.statusCode} ${text.slice(0, 200)}`));
                    return;
                }
                const cookies = (res.headers['set-cookie'] ?? []).map((c) => c.split(';', 1)[0]);
                resolve({ Cookie: cookies.join('; '), Origin: origin });
            });
        });
        req.on('timeout', () => req.destroy(new SetupError(`login at ${base} timed out`)));
        req.on('error', (e) => reject(e instanceof SetupError ? e : new SetupError(`login at ${base}: ${e.message}`)));
        req.end(body);
    });
}

let handshakeHeaders = {};

/**
 * Opens socket `index`; resolves once open. Each line of each frame (the server may join several
 * JSON objects with "\n") goes to onLine(ws, object) in order.
 */
function connect(index, onLine) {
    return new Promise((resolve, reject) => {
        const ws = new WebSocket(url, SUBPROTOCOL, { headers: handshakeHeaders, perMessageDeflate: false, handshakeTimeout: 10_000 });
        ws.index = index;
        let open = false;
        ws.on('open', () => {
            open = true;
            resolve(ws);
        });
        ws.on('error', (e) => {
            if (open) trouble.error(`socket ${index}: ${e.message}`);
            else reject(e);
        });
        ws.on('close', (code) => {
            if (open && !trouble.closing) trouble.closes[code] = (trouble.closes[code] ?? 0) + 1;
        });
        ws.on('message', (data, isBinary) => {
            counts.frames++;
            if (isBinary) {
                trouble.violation(`socket ${index} got a binary frame`);
                return;
            }
            for (const line of data.toString().split('\n')) {
                counts.lines++;
                let frame;
                try {
                    frame = JSON.parse(line);
                } catch (e) {
                    trouble.violation(`socket ${index} got a line that is not JSON: ${line.slice(0, 100)}`);
                    continue;
                }
                onLine(ws, frame);
            }
        });
    });
}

/** Opens sockets 0..n-1, at most `concurrency` handshakes at a time, before the deadline. */
async function connectAll(n, concurrency, onLine) {
    const sockets = [];
    let next = 0;
    let failures = 0;
    async function worker() {
        while (next < n && remaining() > 0) {
            const i = next++;
            try {
                sockets.push(await connect(i, onLine));
            } catch (e) {
                if (failures++ === 0) console.error(`connect failed: ${e.message}`);
                trouble.error(`connect failed: ${e.message}`);
            }
        }
    }
    await Promise.all(Array.from({ length: Math.min(n, concurrency) }, worker));
    return sockets.sort((a, b) => a.index - b.index);
}

/** Closes every socket with 1000, waits (at most 5 s) for the closes to complete, drops the rest. */
async function closeAll(sockets) {
    trouble.closing = true;
    for (const ws of sockets) {
        if (ws.readyState === WebSocket.OPEN) ws.close(1000);
    }
    await until(() => sockets.every((ws) => ws.readyState === WebSocket.CLOSED), 5000);
    for (const ws of sockets) {
        if (ws.readyState !== WebSocket.CLOSED) ws.terminate();
    }
}

/** Subscribes every socket to channel; true once each has its `subscribed` (see state.base). */
async function subscribeAll(sockets, channel, states) {
    for (const ws of sockets) ws.send(JSON.stringify({ type: 'subscribe', channel, id: `s${ws.index}` }));
    return until(() => sockets.every((ws) => states[ws.index].base >= 0) || trouble.closeCount() > 0 || trouble.errors > 0);
}

/** A JSON string of exactly `size` bytes (10 or more), quotes included, starting with "n. */
function numbered(n, size) {
    const head = `"${n}.`;
    return head + 'x'.repeat(Math.max(0, size - head.length - 1)) + '"';
}

/** The number a numbered() string starts with, or -1. */
function numberOf(data) {
    if (typeof data !== 'string') return -1;
    const dot = data.indexOf('.');
    const n = dot > 0 ? Number(data.slice(0, dot)) : NaN;
    return Number.isInteger(n) ? n : -1;
}

/** CPU time (user + system) the process has used so far, in ms, from /proc; -1 if unreadable. */
function cpuMillis(pid) {
    if (!pid) return -1;
    try {
        const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        // utime and stime, fields 14 and 15 of the line, in clock ticks of 1/100 s
        return (Number(fields[11]) + Number(fields[12])) * 10;
    } catch (e) {
        return -1;
    }
}

/** This process's CPU use since `from` (a process.cpuUsage()), in % of one core over wallMs. */
function clientCpuPercent(from, wallMs) {
    const used = process.cpuUsage(from);
    return (((used.user + used.system) / 1000) * 100 / Math.max(1, wallMs)).toFixed(0);
}

const f1 = (x) => (x < 0 ? '-' : x.toFixed(1));
const f3 = (x) => (x < 0 ? -1 : Number(x.toFixed(3)));
const seconds = (ms) => Math.max(ms, 0.001) / 1000;

function report(human, result, status) {
    console.log(human);
    console.log(`RESULT mode=${mode} ${Object.entries(result).map(([k, v]) => `${k}=${v}`).join(' ')}`);
    return status;
}

function status(complete) {
    if (trouble.violations > 0) return EXIT_VIOLATIONS;
    return complete ? EXIT_OK : EXIT_INCOMPLETE;
}

/**
 * The order check of one subscriber: from the seq in `subscribed` (base) on, each message is the
 * next seq and carries the data published as that seq (expectKey(seq) -> the number expected in
 * its data, or -1 for no check).
 */
class Subscriber {
    constructor(index) {
        this.index = index;
        this.base = -1;
        this.expected = 0;
        this.received = 0;
        this.maxSeq = -1;
    }

    subscribed(frame) {
        if (this.base >= 0) {
            trouble.violation(`subscriber ${this.index}: a second subscribed`);
            return;
        }
        this.base = frame.seq;
        this.expected = frame.seq + 1;
    }

    message(frame, channel) {
        const { seq } = frame;
        if (frame.channel !== channel) trouble.violation(`subscriber ${this.index}: message of channel ${frame.channel}`);
        if (this.base < 0) trouble.violation(`subscriber ${this.index}: message seq ${seq} before subscribed`);
        else if (seq !== this.expected) trouble.violation(`subscriber ${this.index}: expected seq ${this.expected} got ${seq}`);
        this.expected = seq + 1;
        this.maxSeq = Math.max(this.maxSeq, seq);
        this.received++;
    }
}

// ------------------------------------------------------------------------------ echo

async function echo() {
    const connections = int('connections', 100, 1, 20_000);
    const inflight = int('inflight', 10, 1, 1000);
    const measureMs = num('seconds', 20, 0.1, 3600) * 1000;
    const warmupMs = num('warmup', 3, 0, 600) * 1000;
    const size = int('size', 32, 2, 60_000);
    const data = 'x'.repeat(size - 2);
    const head = `{"type":"echo","data":"${data}","id":"`;

    const latency = new Samples();
    let roundTrips = 0;
    let phase = 0; // 0 warm-up, 1 measuring, 2 stopping: no new requests
    let unexpected = 0;

    function send(ws) {
        const id = ws.nextId++;
        ws.pending.set(id, now());
        ws.send(`${head}${id}"}`);
    }

    const t0 = now();
    const sockets = await connectAll(connections, 32, (ws, frame) => {
        if (frame.type !== 'echo') {
            unexpected++;
            trouble.error(`echo client got ${JSON.stringify(frame).slice(0, 200)}`);
            return;
        }
        const id = Number(frame.id);
        const sent = ws.pending.get(id);
        if (sent === undefined) {
            trouble.violation(`socket ${ws.index}: echo with id ${frame.id} it did not send or already had`);
            return;
        }
        ws.pending.delete(id);
        if (frame.data !== data) trouble.violation(`socket ${ws.index}: echo ${id} came back with other data`);
        if (phase === 1) {
            roundTrips++;
            latency.add(now() - sent);
        }
        if (phase < 2) send(ws);
    });
    console.log(`echo: ${sockets.length} of ${connections} connected in ${f1(seconds(now() - t0))} s`);
    for (const ws of sockets) {
        ws.nextId = 0;
        ws.pending = new Map();
    }
    for (const ws of sockets) {
        for (let k = 0; k < inflight; k++) send(ws);
    }
    await pause(Math.min(warmupMs, remaining()));
    phase = 1;
    const start = now();
    const cpu0 = process.cpuUsage();
    await pause(Math.min(measureMs, remaining()));
    phase = 2;
    const stop = now();
    const clientCpu = clientCpuPercent(cpu0, stop - start);
    const count = roundTrips;
    const measuredFully = stop - start >= measureMs - 1;
    // The requests still in flight must all be answered (bounded): none may get lost.
    await until(() => sockets.every((ws) => ws.pending.size === 0), 10_000);
    const unanswered = sockets.reduce((a, ws) => a + ws.pending.size, 0);
    if (unanswered > 0) trouble.error(`${unanswered} echo requests never answered`);
    const complete = sockets.length === connections && measuredFully && trouble.closeCount() === 0 && trouble.errors === 0;
    const closes = { ...trouble.closes };
    await closeAll(sockets);
    trouble.closes = closes;

    const perSecond = count / seconds(stop - start);
    const p50 = latency.quantile(0.5);
    const p99 = latency.quantile(0.99);
    return report(
        `echo: ${sockets.length} connections x ${inflight} in flight, ${size} B data: ${count} round trips in `
        + `${(seconds(stop - start)).toFixed(2)} s = ${perSecond.toFixed(0)} round trips/s (p50 ${f1(p50)} ms, p99 ${f1(p99)} ms); `
        + `${(counts.lines / Math.max(1, counts.frames)).toFixed(2)} lines/frame; generator CPU ${clientCpu} %; ${trouble.summary()}; `
        + `${complete ? 'complete' : 'INCOMPLETE'}`,
        {
            connections: sockets.length, inflight, size, round_trips: count, seconds: seconds(stop - start).toFixed(3),
            round_trips_per_s: perSecond.toFixed(0), p50_ms: f3(p50), p99_ms: f3(p99), client_cpu_percent: clientCpu, unanswered, unexpected,
            violations: trouble.violations, errors: trouble.errors, complete,
        },
        status(complete),
    );
}

// ------------------------------------------------------------------------------ fanout

async function fanout() {
    const subscribers = int('subscribers', 1000, 1, 20_000);
    const messages = int('messages', 600, 1, 10_000_000);
    const size = int('size', 100, 10, 60_000);
    const window = int('window', 32, 1, 100_000);
    const channel = channelOpt('bench.fan.');

    const states = Array.from({ length: subscribers }, (_, i) => new Subscriber(i));
    const sentAt = new Float64Array(messages);
    const deliveryLatency = new Samples();
    let deliveries = 0;
    let lastDelivery = 0;
    let unexpected = 0;

    const t0 = now();
    const subs = await connectAll(subscribers, 32, (ws, frame) => {
        const s = states[ws.index];
        if (frame.type === 'message') {
            s.message(frame, channel);
            const n = numberOf(frame.data);
            if (s.base >= 0 && n !== frame.seq - s.base - 1) {
                trouble.violation(`subscriber ${s.index}: seq ${frame.seq} carried message ${n}`);
            }
            if (n >= 0 && n < messages && sentAt[n] > 0) deliveryLatency.add(now() - sentAt[n]);
            deliveries++;
            lastDelivery = now();
        } else if (frame.type === 'subscribed') {
            s.subscribed(frame);
        } else if (frame.type !== 'presence') {
            unexpected++;
            trouble.error(`subscriber got ${JSON.stringify(frame).slice(0, 200)}`);
        }
    });
    const connected = now();
    const allSubscribed = subs.length === subscribers && await subscribeAll(subs, channel, states);
    console.log(`fanout: ${subs.length} connected in ${f1(seconds(connected - t0))} s, `
        + `${states.filter((s) => s.base >= 0).length} subscribed to ${channel} in ${f1(seconds(now() - connected))} s`);

    let sent = 0;
    let acks = 0;
    let answered = 0;
    let lastAck = 0;
    let previousAckSeq = -1;
    const ackLatency = new Samples();
    let publisher = null;
    const head = `{"type":"publish","channel":"${channel}","data":`;
    function pump() {
        while (sent < messages && sent - answered < window && remaining() > 0) {
            sentAt[sent] = now();
            publisher.send(`${head}${numbered(sent, size)},"id":"${sent}"}`);
            sent++;
        }
    }
    if (allSubscribed) {
        const pubs = await connectAll(1, 1, (ws, frame) => {
            if (frame.type === 'ack' || frame.type === 'error') {
                answered++;
                if (frame.type === 'ack') {
                    acks++;
                    lastAck = now();
                    if (previousAckSeq >= 0 && frame.seq !== previousAckSeq + 1) {
                        trouble.violation(`ack seq ${frame.seq} after ${previousAckSeq}`);
                    }
                    previousAckSeq = frame.seq;
                    const n = Number(frame.id);
                    if (n >= 0 && n < messages) ackLatency.add(lastAck - sentAt[n]);
                } else {
                    trouble.error(`publisher got ${JSON.stringify(frame).slice(0, 200)}`);
                }
                pump();
            } else {
                unexpected++;
                trouble.error(`publisher got ${JSON.stringify(frame).slice(0, 200)}`);
            }
        });
        publisher = pubs[0] ?? null;
    } else {
        console.log('fanout: not every subscriber connected and subscribed; not publishing');
    }
    const firstPublish = now();
    const cpu0 = process.cpuUsage();
    if (publisher) pump();
    const done = publisher !== null && await until(() => (acks === messages && states.every((s) => s.received >= messages))
        || trouble.closeCount() > 0 || trouble.errors > 0);
    const complete = done && acks === messages && states.every((s) => s.received === messages)
        && trouble.closeCount() === 0 && trouble.errors === 0;
    const end = now();
    const clientCpu = clientCpuPercent(cpu0, end - firstPublish);
    const closes = { ...trouble.closes };
    await closeAll(publisher ? [...subs, publisher] : subs);
    trouble.closes = closes;

    const span = (complete ? lastDelivery : end) - firstPublish;
    const perSecond = deliveries / seconds(span);
    const short = states.filter((s) => s.received < messages).length;
    const p50 = deliveryLatency.quantile(0.5);
    const p99 = deliveryLatency.quantile(0.99);
    return report(
        `fanout: 1 publisher -> ${subscribers} subscribers, ${messages} msgs x ${size} B, window ${window}: `
        + `${deliveries} deliveries in ${seconds(span).toFixed(2)} s = ${perSecond.toFixed(0)} deliveries/s; `
        + `${acks} acks (p50 ${f1(ackLatency.quantile(0.5))} ms); delivery p50 ${f1(p50)} ms, p99 ${f1(p99)} ms; `
        + `${(counts.lines / Math.max(1, counts.frames)).toFixed(2)} lines/frame; generator CPU ${clientCpu} %; subscribers short ${short}; `
        + `${trouble.summary()}; ${complete ? 'complete' : 'INCOMPLETE'}`,
        {
            subscribers, messages, size, window, channel, deliveries, seconds: seconds(span).toFixed(3),
            deliveries_per_s: perSecond.toFixed(0), acks, delivery_p50_ms: f3(p50), delivery_p99_ms: f3(p99),
            lines_per_frame: (counts.lines / Math.max(1, counts.frames)).toFixed(2), client_cpu_percent: clientCpu, short, unexpected,
            violations: trouble.violations, errors: trouble.errors, complete,
        },
        status(complete),
    );
}

// ------------------------------------------------------------------------------ latency

async function latency() {
    const subscribers = int('subscribers', 1000, 1, 20_000);
    const rate = num('rate', 50, 0.1, 10_000);
    const measureMs = num('seconds', 20, 0.1, 3600) * 1000;
    const warmupMs = num('warmup', 2, 0, 600) * 1000;
    const size = int('size', 100, 10, 60_000);
    const expectEphemeral = (opts['expect-ephemeral'] ?? 'false') === 'true';
    const channel = channelOpt(expectEphemeral ? 'bench.eph.' : 'bench.lat.');
    const warmupCount = Math.round((warmupMs / 1000) * rate);
    const total = warmupCount + Math.max(1, Math.round((measureMs / 1000) * rate));
    // The data: {"n":N,"t":SENT_MS,"p":"xx..."}, padded to about --size bytes.
    const padding = 'x'.repeat(Math.max(0, size - 40));

    const states = Array.from({ length: subscribers }, (_, i) => new Subscriber(i));
    const samples = new Samples();
    let max = -1;
    let unexpected = 0;

    const subs = await connectAll(subscribers, 32, (ws, frame) => {
        const s = states[ws.index];
        if (frame.type === 'message') {
            const received = now();
            s.message(frame, channel);
            const n = frame.data?.n;
            if (s.base >= 0 && n !== frame.seq - s.base - 1) {
                trouble.violation(`subscriber ${s.index}: seq ${frame.seq} carried message ${n}`);
            }
            if (n >= warmupCount && typeof frame.data.t === 'number') {
                const ms = received - frame.data.t;
                samples.add(ms);
                if (ms > max) max = ms;
            }
        } else if (frame.type === 'subscribed') {
            s.subscribed(frame);
        } else if (frame.type !== 'presence') {
            unexpected++;
            trouble.error(`subscriber got ${JSON.stringify(frame).slice(0, 200)}`);
        }
    });
    const allSubscribed = subs.length === subscribers && await subscribeAll(subs, channel, states);
    console.log(`latency: ${subs.length} connected, ${states.filter((s) => s.base >= 0).length} subscribed to ${channel}`);

    let acks = 0;
    let previousAckSeq = -1;
    let history = null;
    let publisher = null;
    if (allSubscribed) {
        const pubs = await connectAll(1, 1, (ws, frame) => {
            if (frame.type === 'ack') {
                acks++;
                if (previousAckSeq >= 0 && frame.seq !== previousAckSeq + 1) {
                    trouble.violation(`ack seq ${frame.seq} after ${previousAckSeq}`);
                }
                previousAckSeq = frame.seq;
            } else if (frame.type === 'history') {
                history = frame;
            } else {
                unexpected++;
                trouble.error(`publisher got ${JSON.stringify(frame).slice(0, 200)}`);
            }
        });
        publisher = pubs[0] ?? null;
    }
    let sent = 0;
    const publishStart = now();
    const cpu0 = process.cpuUsage();
    if (publisher) {
        // A fixed schedule: message i is due at start + i / rate, whatever the answers; a late tick
        // sends what is due at once, each stamped with its own send time.
        const start = now();
        const intervalMs = 1000 / rate;
        while (sent < total && remaining() > 0 && trouble.closeCount() === 0) {
            while (sent < total && now() >= start + sent * intervalMs) {
                publisher.send(`{"type":"publish","channel":"${channel}","data":{"n":${sent},"t":${now()},"p":"${padding}"},"id":"${sent}"}`);
                sent++;
            }
            await pause(Math.max(0, Math.min(start + sent * intervalMs - now(), 50)));
        }
    } else {
        console.log('latency: not every subscriber connected and subscribed; not publishing');
    }
    const done = publisher !== null && await until(() => (acks === total && states.every((s) => s.received >= total))
        || trouble.closeCount() > 0 || trouble.errors > 0, 60_000);
    const complete = done && sent === total && acks === total && states.every((s) => s.received === total)
        && trouble.closeCount() === 0 && trouble.errors === 0;
    // Near 100 % the generator itself, not the server, adds the latency.
    const clientCpu = clientCpuPercent(cpu0, now() - publishStart);
    let setupProblem = null;
    if (expectEphemeral && publisher) {
        publisher.send(JSON.stringify({ type: 'history', channel, id: 'h' }));
        await until(() => history !== null, 10_000);
        if (history === null || !Array.isArray(history.messages) || history.messages.length > 0) {
            setupProblem = `channel ${channel} is not ephemeral on this server: its history answered `
                + `${history === null ? 'nothing' : `${history.messages?.length} messages`} (start the server with `
                + 'switchboard.channel-policies making bench.eph.* durable=false)';
            console.error(`latency: ${setupProblem}`);
        }
    }
    const closes = { ...trouble.closes };
    await closeAll(publisher ? [...subs, publisher] : subs);
    trouble.closes = closes;

    const short = states.filter((s) => s.received < total).length;
    const p50 = samples.quantile(0.5);
    const p99 = samples.quantile(0.99);
    const code = status(complete);
    return report(
        `latency: ${rate} publishes/s -> ${subscribers} subscribers on ${channel}, ${total} msgs (${warmupCount} warm-up): `
        + `publish to delivery p50 ${f1(p50)} ms, p99 ${f1(p99)} ms, max ${f1(max)} ms over ${samples.count} deliveries; `
        + `${acks} acks; generator CPU ${clientCpu} %; subscribers short ${short}; ${trouble.summary()}; `
        + `${complete ? 'complete' : 'INCOMPLETE'}`,
        {
            subscribers, rate, messages: total, warmup_messages: warmupCount, size, channel,
            ephemeral_checked: expectEphemeral && setupProblem === null, samples: samples.count,
            p50_ms: f3(p50), p99_ms: f3(p99), max_ms: f3(max), acks, client_cpu_percent: clientCpu, short, unexpected,
            violations: trouble.violations, errors: trouble.errors, complete: complete && setupProblem === null,
        },
        setupProblem !== null && code === EXIT_OK ? EXIT_SETUP : code,
    );
}

// ------------------------------------------------------------------------------ idle

async function idle() {
    const connections = int('connections', 10_000, 1, 50_000);
    const concurrency = int('concurrency', 200, 1, 5000);
    const holdMs = num('hold', 600, 0, 3600) * 1000;
    const serverPid = opts['server-pid'];
    let unexpected = 0;

    const cpuBefore = cpuMillis(serverPid);
    const t0 = now();
    const sockets = await connectAll(connections, concurrency, (ws, frame) => {
        if (frame.type === 'pong' && frame.id === 'p') {
            ws.pongs++;
        } else if (frame.type !== 'presence') {
            unexpected++;
            trouble.error(`idle socket got ${JSON.stringify(frame).slice(0, 200)}`);
        }
    });
    const openMs = now() - t0;
    const cpuAfter = cpuMillis(serverPid);
    const cpuMs = cpuBefore < 0 || cpuAfter < 0 ? -1 : cpuAfter - cpuBefore;
    const cpuPercent = cpuMs < 0 ? -1 : (100 * cpuMs) / openMs;
    for (const ws of sockets) ws.pongs = 0;

    /**
     * Pings every socket, --concurrency at a time (each wave answered, or 10 s, before the next):
     * the number that answered. In waves because this checks that the connections are alive, not
     * how the server takes a burst of one frame on every connection at once.
     */
    async function answering(round) {
        for (let i = 0; i < sockets.length && remaining() > 0; i += concurrency) {
            const wave = sockets.slice(i, i + concurrency).filter((ws) => ws.readyState === WebSocket.OPEN);
            for (const ws of wave) ws.send('{"type":"ping","id":"p"}');
            await until(() => wave.every((ws) => ws.pongs >= round || ws.readyState !== WebSocket.OPEN), 10_000);
        }
        return sockets.filter((ws) => ws.pongs >= round).length;
    }
    const answeredFirst = await answering(1);
    console.log(`idle: ${sockets.length} of ${connections} open in ${seconds(openMs).toFixed(2)} s `
        + `(${concurrency} handshakes at a time), ${answeredFirst} answered a ping`);
    console.log(`IDLE-READY connections=${sockets.length} open_s=${seconds(openMs).toFixed(3)}`);

    // Held until the script has measured the server: SIGUSR2 or SIGTERM, or --hold at the latest.
    let released = false;
    process.on('SIGUSR2', () => { released = true; });
    process.on('SIGTERM', () => { released = true; });
    await until(() => released || trouble.closeCount() > 0, holdMs);
    const answeredLast = await answering(2);
    const complete = sockets.length === connections && answeredFirst === connections && answeredLast === connections
        && trouble.closeCount() === 0 && trouble.errors === 0;
    const closes = { ...trouble.closes };
    await closeAll(sockets);
    trouble.closes = closes;
    return report(
        `idle: ${sockets.length} of ${connections} open in ${seconds(openMs).toFixed(2)} s, ${concurrency} at a time `
        + `(server CPU ${cpuMs < 0 ? '-' : `${cpuMs} ms = ${cpuPercent.toFixed(0)} %`}); answering a ping: `
        + `${answeredFirst} once open, ${answeredLast} when released; ${trouble.summary()}; ${complete ? 'complete' : 'INCOMPLETE'}`,
        {
            connections: sockets.length, concurrency, open_s: seconds(openMs).toFixed(3), server_cpu_ms: cpuMs,
            server_cpu_percent: cpuPercent < 0 ? -1 : cpuPercent.toFixed(0), answered_open: answeredFirst,
            answered_released: answeredLast, unexpected, violations: trouble.violations, errors: trouble.errors, complete,
        },
        status(complete),
    );
}

// ------------------------------------------------------------------------------ publish

async function publish() {
    const publisherCount = int('publishers', 4, 1, 1000);
    const messages = int('messages', 5000, 1, 10_000_000);
    const window = int('window', 64, 1, 100_000);
    const subscriberCount = int('subscribers', 1, 0, 1000);
    const size = int('size', 100, 10, 60_000);
    const channel = channelOpt('bench.publish.');
    const total = publisherCount * messages;
    if (total > 10_000_000) usage('--publishers times --messages must be at most 10000000');
    // Unique across runs: the server drops a publish whose sender and id it stored recently.
    const idPrefix = `b${Date.now().toString(36)}.${crypto.randomBytes(3).toString('hex')}-`;

    const states = Array.from({ length: subscriberCount }, (_, i) => new Subscriber(i));
    // keyAtSeq[seq - base - 1] = key + 1 of the message numbered seq, set by its ack or its first
    // delivery, whichever comes first; another key for the same seq is a violation.
    const keyAtSeq = new Int32Array(total);
    let base = -1;
    const sentAt = new Float64Array(total);
    const answeredIds = new Uint8Array(total);
    const ackLatency = new Samples();
    let acked = 0;
    let answered = 0;
    let errorFrames = 0;
    let firstSend = 0;
    let lastAck = 0;
    let deliveries = 0;
    let unexpected = 0;

    function claim(seq, key, who) {
        const offset = seq - base - 1;
        if (base < 0 || offset < 0 || offset >= total) {
            trouble.violation(`${who}: seq ${seq} outside ${base + 1}..${base + total}`);
            return;
        }
        if (keyAtSeq[offset] === 0) keyAtSeq[offset] = key + 1;
        else if (keyAtSeq[offset] !== key + 1) {
            trouble.violation(`seq ${seq} is message ${keyAtSeq[offset] - 1} to the first to report it but ${key} to ${who}`);
        }
    }

    const subs = subscriberCount === 0 ? [] : await connectAll(subscriberCount, 32, (ws, frame) => {
        const s = states[ws.index];
        if (frame.type === 'message') {
            s.message(frame, channel);
            const key = numberOf(frame.data);
            if (key < 0 || key >= total) trouble.violation(`subscriber ${s.index}: seq ${frame.seq} carries data this run did not publish`);
            else claim(frame.seq, key, `subscriber ${s.index}`);
            deliveries++;
        } else if (frame.type === 'subscribed') {
            s.subscribed(frame);
        } else if (frame.type !== 'presence') {
            unexpected++;
            trouble.error(`subscriber got ${JSON.stringify(frame).slice(0, 200)}`);
        }
    });
    const allSubscribed = subs.length === subscriberCount && (subscriberCount === 0 || await subscribeAll(subs, channel, states));
    if (subscriberCount > 0 && allSubscribed) {
        base = states[0].base;
        for (const s of states) if (s.base !== base) trouble.violation(`subscribed at seq ${s.base} and at ${base}`);
    } else if (subscriberCount === 0) {
        base = 0; // no subscriber tells the base: the seq check assumes a fresh channel
    }

    const next = new Int32Array(publisherCount);
    const lastSeq = new Float64Array(publisherCount).fill(-1);
    const head = `{"type":"publish","channel":"${channel}","data":`;
    function sendNext(ws) {
        const i = next[ws.index]++;
        if (i >= messages || remaining() === 0) return;
        const key = ws.index * messages + i;
        const t = now();
        sentAt[key] = t;
        if (firstSend === 0) firstSend = t;
        ws.send(`${head}${numbered(key, size)},"id":"${idPrefix}${key}"}`);
    }
    const pubs = allSubscribed ? await connectAll(publisherCount, 32, (ws, frame) => {
        if (frame.type !== 'ack' && frame.type !== 'error') {
            unexpected++;
            trouble.error(`publisher got ${JSON.stringify(frame).slice(0, 200)}`);
            return;
        }
        const t = now();
        const key = typeof frame.id === 'string' && frame.id.startsWith(idPrefix) ? Number(frame.id.slice(idPrefix.length)) : -1;
        const ours = Number.isInteger(key) && key >= 0 && key < total && Math.floor(key / messages) === ws.index
            && answeredIds[key] === 0;
        if (!ours) {
            trouble.violation(`publisher ${ws.index}: an answer to id ${frame.id} it did not send or already had`);
            return;
        }
        answeredIds[key] = 1;
        answered++;
        if (frame.type === 'ack') {
            acked++;
            lastAck = t;
            ackLatency.add(t - sentAt[key]);
            if (frame.seq <= lastSeq[ws.index]) trouble.violation(`publisher ${ws.index}: ack seq ${frame.seq} after ${lastSeq[ws.index]}`);
            lastSeq[ws.index] = Math.max(lastSeq[ws.index], frame.seq);
            if (frame.duplicate === true) trouble.violation(`publisher ${ws.index}: ack of ${frame.id} marked duplicate`);
            else claim(frame.seq, key, `the ack to publisher ${ws.index}`);
        } else {
            errorFrames++;
            trouble.error(`publisher ${ws.index} got ${JSON.stringify(frame).slice(0, 200)}`);
        }
        sendNext(ws);
    }) : [];
    const publishing = allSubscribed && pubs.length === publisherCount;
    if (publishing) {
        for (let w = 0; w < Math.min(window, messages); w++) {
            for (const ws of pubs) sendNext(ws);
        }
    } else {
        console.log(`publish: not every subscriber subscribed or not every publisher connected (${pubs.length} of ${publisherCount}); not publishing`);
    }
    const done = publishing && await until(() => (answered === total && states.every((s) => s.maxSeq >= base + acked))
        || trouble.closeCount() > 0);
    const end = now();
    for (const s of states) {
        if (done && s.received !== acked) {
            trouble.violation(`subscriber ${s.index}: ${s.received} messages for ${acked} acked`);
        }
    }
    const complete = done && acked === total && errorFrames === 0 && trouble.closeCount() === 0 && trouble.errors === 0;
    const closes = { ...trouble.closes };
    await closeAll([...subs, ...pubs]);
    trouble.closes = closes;

    const span = (done ? lastAck : end) - firstSend;
    const perSecond = acked / seconds(span);
    const short = states.filter((s) => s.received < acked).length;
    return report(
        `publish: ${publisherCount} publishers x ${messages} msgs x ${size} B, window ${window}, to ${channel}: `
        + `${acked} of ${total} acked in ${seconds(span).toFixed(2)} s = ${perSecond.toFixed(0)} publishes/s `
        + `(ack p50 ${f1(ackLatency.quantile(0.5))} ms, p99 ${f1(ackLatency.quantile(0.99))} ms); `
        + `${subscriberCount} subscribers: ${deliveries} deliveries (seq ${base + 1}..${base + acked}); error frames ${errorFrames}; `
        + `subscribers short ${short}; ${trouble.summary()}; ${complete ? 'complete' : 'INCOMPLETE'}`,
        {
            publishers: publisherCount, messages, size, window, subscribers: subscriberCount, channel, acks: acked,
            seconds: seconds(span).toFixed(3), publishes_per_s: perSecond.toFixed(0),
            ack_p50_ms: f3(ackLatency.quantile(0.5)), ack_p99_ms: f3(ackLatency.quantile(0.99)), deliveries,
            first_seq: base + 1, last_seq: base + acked, error_frames: errorFrames, short, unexpected,
            violations: trouble.violations, errors: trouble.errors, complete,
        },
        status(complete),
    );
}

// ------------------------------------------------------------------------------ main

async function main() {
    if (opts.login !== undefined) {
        handshakeHeaders = await login(opts.login, opts.user ?? 'alice', opts.password ?? 'demo');
    }
    switch (mode) {
        case 'echo': return echo();
        case 'fanout': return fanout();
        case 'latency': return latency();
        case 'idle': return idle();
        default: return publish();
    }
}

main().then((code) => {
    process.exitCode = code;
    // Sockets still closing do not hold the exit up.
    setTimeout(() => process.exit(code), 100).unref();
}, (e) => {
    console.error(e instanceof SetupError ? `error: ${e.message}` : e);
    process.exit(EXIT_SETUP);
});
