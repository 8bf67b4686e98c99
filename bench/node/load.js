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
//            carries the send time (the clock below), each subscriber records receive time minus
//            send time; reports p50/p99/max of the messages after --warmup. Checks as in fanout.
//            --expect-ephemeral true: afterwards the channel's history must be empty (a
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
// echo, fanout and latency also take --procs [1]: the number of generator processes. With N > 1
// this process forks N - 1 more of itself (child_process.fork, IPC) and keeps a share too: the
// connections (echo) or subscribers (fanout, latency) are split evenly over the N, numbered as in
// one process; the publisher stays in this one (not subscribed). Each process runs its share's
// checks itself; this one coordinates the phases (all connected and subscribed, then echo's
// measurement starting at one instant of the shared clock in every process, or the publishing;
// then the end), gathers each share's counts, checks, CPU and raw latency samples, and prints the
// one human line and RESULT line, with procs=N. idle and publish refuse --procs other than 1.
// client_cpu_percent is the sum over the N processes (each its CPU over its measured span, % of
// one core) and client_cpu_max_percent the busiest one's: near 100 that process, not the server,
// is what limits the run. Each process connects at most ceil(32 / N) handshakes at a time, so
// the server sees 32 at a time as with one process.
//
// The clock: every time here (latency's send time in the data, fan-out's send and delivery
// times, echo's phases) is process.hrtime() in ms, on Linux CLOCK_MONOTONIC: one clock for every
// process of the machine, read directly, to well under a microsecond. performance.now() is the
// same clock minus a per-process origin, so not comparable across processes; performance.timeOrigin
// + performance.now() is, but only as well as each process read the wall clock at its start (and
// a wall-clock step between two starts shifts one against the other); Date.now() has whole ms.
// Each forked process's clock is checked at its start: the time it reads on getting its share
// must fall between this process's sending it and getting the answer, else the run ends, exit 1.
//
// Prints one human line and one `RESULT mode=... key=value ...` line. Exit status: 0 complete and
// correct, 1 bad arguments or setup failure, 2 incomplete (timeout, lost connections, error
// frames), 3 violations (order, duplicates, mismatched replies; 3 even when also incomplete).
const http = require('node:http');
const fs = require('node:fs');
const crypto = require('node:crypto');
const { fork } = require('node:child_process');
const { WebSocket } = require('ws');

const SUBPROTOCOL = 'switchboard.v1';
const EXIT_OK = 0;
const EXIT_SETUP = 1;
const EXIT_INCOMPLETE = 2;
const EXIT_VIOLATIONS = 3;
const MODES = ['echo', 'fanout', 'latency', 'idle', 'publish'];
/** Set (to its share's number) in the environment of a process forked for --procs. */
const SHARE_ENV = 'SWITCHBOARD_LOAD_SHARE';
const isForkedShare = process.env[SHARE_ENV] !== undefined && typeof process.send === 'function';

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
const deadline = clock() + timeoutMs;
const procs = int('procs', 1, 1, 64);
if (procs !== 1 && !['echo', 'fanout', 'latency'].includes(mode)) usage('--procs is for echo, fanout and latency only');
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

/** Milliseconds of CLOCK_MONOTONIC (process.hrtime): the same clock in every process (see the top). */
function clock() {
    const [s, ns] = process.hrtime();
    return s * 1000 + ns / 1e6;
}

const now = clock;
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

    addAll(values) {
        for (let i = 0; i < values.length; i++) this.add(values[i]);
    }

    /** The samples held, as a Float64Array (for another process: only these, not the spare room). */
    held() {
        return this.values.slice(0, this.count);
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

/** Opens sockets first..first+n-1, at most `concurrency` handshakes at a time, before the deadline. */
async function connectAll(n, concurrency, onLine, first = 0) {
    const sockets = [];
    const end = first + n;
    let next = first;
    let failures = 0;
    async function worker() {
        while (next < end && remaining() > 0) {
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

/** Subscribes every socket to channel; true once each has its `subscribed` (see stateOf(ws).base). */
async function subscribeAll(sockets, channel, stateOf) {
    for (const ws of sockets) ws.send(JSON.stringify({ type: 'subscribe', channel, id: `s${ws.index}` }));
    return until(() => sockets.every((ws) => stateOf(ws).base >= 0) || trouble.closeCount() > 0 || trouble.errors > 0);
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

// ------------------------------------------------------------------------------ shares (--procs)

/**
 * The messages between the coordinating process and one share: each type at most once per run,
 * kept once it came, so waiting for one that already came returns at once.
 */
class Mailbox {
    constructor() {
        this.messages = new Map();
        this.waiting = new Set();
    }

    deliver(message) {
        this.messages.set(message.type, message);
        for (const wake of this.waiting) wake();
    }

    has(...types) {
        return types.some((t) => this.messages.has(t));
    }

    get(type) {
        return this.messages.get(type);
    }

    /** The first of `types` (in that order) that came, waiting at most ms for one; null if none did. */
    async wait(types, ms = remaining()) {
        const end = now() + ms;
        for (;;) {
            const type = types.find((t) => this.messages.has(t));
            if (type !== undefined) return this.messages.get(type);
            const left = end - now();
            if (left <= 0) return null;
            await new Promise((resolve) => {
                let timer = null;
                const wake = () => {
                    clearTimeout(timer);
                    this.waiting.delete(wake);
                    resolve();
                };
                timer = setTimeout(wake, left);
                this.waiting.add(wake);
            });
        }
    }
}

/** Splits n items into `parts` shares as evenly as can be: [{ first, count }]. */
function split(n, parts) {
    const shares = [];
    let first = 0;
    for (let i = 0; i < parts; i++) {
        const count = Math.floor(n / parts) + (i < n % parts ? 1 : 0);
        shares.push({ first, count });
        first += count;
    }
    return shares;
}

/** Handshakes each process opens at a time: 32 in all, as with one process. */
const shareConcurrency = () => Math.ceil(32 / procs);

const sum = (list, key) => list.reduce((a, r) => a + (r?.[key] ?? 0), 0);

function describeExit(message) {
    if (!message) return 'no answer in time';
    if (message.error) return `its share failed: ${message.error}`;
    return `exit code ${message.code}${message.signal ? `, signal ${message.signal}` : ''}`;
}

/**
 * Starts the shares of `total` connections: this process's (share 0, run here by run(share)) and
 * one forked process for each other share, told its range, the channel and the handshake headers,
 * and checked to read the same clock. Returns the coordinator's side of each share, in order.
 */
async function startShares(total, channel, run) {
    const ranges = split(total, procs);
    const mine = new Mailbox();
    const theirs = new Mailbox();
    const parts = [{ number: 0, local: true, count: ranges[0].count, box: theirs, send: (m) => mine.deliver(m) }];
    for (let number = 1; number < procs; number++) {
        const box = new Mailbox();
        const child = fork(__filename, process.argv.slice(2), {
            serialization: 'advanced', env: { ...process.env, [SHARE_ENV]: String(number) },
        });
        child.on('message', (m) => {
            if (m.type === 'hello') m.receivedAt = now();
            box.deliver(m);
        });
        child.on('exit', (code, signal) => box.deliver({ type: 'exit', code, signal }));
        child.on('error', (e) => trouble.error(`generator process ${number}: ${e.message}`));
        const sentAt = now();
        child.send({ type: 'init', number, ...ranges[number], channel, headers: handshakeHeaders });
        parts.push({
            number, count: ranges[number].count, box, sentAt,
            send: (m) => {
                if (child.connected) child.send(m);
            },
        });
    }
    run({ number: 0, ...ranges[0], channel, box: mine, post: (m) => theirs.deliver(m) })
        .catch((e) => theirs.deliver({ type: 'exit', code: null, error: String(e?.stack ?? e) }));
    for (const part of parts.slice(1)) {
        const hello = await part.box.wait(['hello', 'exit'], 30_000);
        if (hello?.type !== 'hello') throw new SetupError(`generator process ${part.number} did not start (${describeExit(hello)})`);
        // Read after the init was sent and before its answer came, if both read one clock.
        if (!(part.sentAt <= hello.t && hello.t <= hello.receivedAt)) {
            throw new SetupError(`generator process ${part.number} does not read this process's clock: it read ${hello.t} ms, `
                + `sent ${part.sentAt} ms and answered ${hello.receivedAt} ms by this one's`);
        }
    }
    return parts;
}

function broadcast(parts, message) {
    for (const part of parts) part.send(message);
}

/**
 * Every share's message of `type`, in share order, waiting at most ms: null (and an error of the
 * run) for a share whose process ended, or did not answer in time, without it.
 */
async function gather(parts, type, ms = remaining()) {
    const end = now() + ms;
    return Promise.all(parts.map(async (part) => {
        let m = await part.box.wait([type, 'exit'], Math.max(0, end - now()));
        // Its last messages may still be on their way when its exit is seen.
        if (m?.type === 'exit' && !m.error) m = (await part.box.wait([type], 1000)) ?? m;
        if (m?.type === type) return m;
        trouble.error(`generator process ${part.number} gave no ${type} (${describeExit(m)})`);
        return null;
    }));
}

/** A forked process of --procs: runs the share it is sent with runShare(share), reports, exits. */
async function shareProcess(runShare) {
    const box = new Mailbox();
    let reported = false;
    process.on('message', (m) => box.deliver(m));
    // The coordinating process is gone: nobody to report to.
    process.on('disconnect', () => process.exit(reported ? EXIT_OK : EXIT_INCOMPLETE));
    const init = await box.wait(['init'], 30_000);
    if (!init) throw new SetupError('no share came from the coordinating process');
    process.send({ type: 'hello', t: now() });
    handshakeHeaders = init.headers;
    const { number, first, count, channel } = init;
    await runShare({ number, first, count, channel, box, post: (m) => process.send(m) });
    // Sent in order: once this one is written, so is the result before it.
    await new Promise((resolve) => process.send({ type: 'bye' }, resolve));
    reported = true;
    return EXIT_OK;
}

/** A share's last message: its mode's figures and its process's trouble and frame counts. */
function shareEnd(share, figures) {
    const { errors, firstError, violations, firstViolation, closes } = trouble;
    share.post({
        type: 'result', ...figures, trouble: { errors, firstError, violations, firstViolation, closes }, counts: { ...counts },
    });
}

/** Adds the forked processes' trouble and frame counts to this one's (which has its own share's). */
function mergeShares(parts, results) {
    results.forEach((r, i) => {
        if (r === null || parts[i].local) return;
        trouble.errors += r.trouble.errors;
        trouble.firstError ??= r.trouble.firstError;
        trouble.violations += r.trouble.violations;
        trouble.firstViolation ??= r.trouble.firstViolation;
        for (const [code, n] of Object.entries(r.trouble.closes)) trouble.closes[code] = (trouble.closes[code] ?? 0) + n;
        counts.frames += r.counts.frames;
        counts.lines += r.counts.lines;
    });
}

/** CPU time (user + system) this process used since `from` (a process.cpuUsage()), in ms. */
function cpuSince(from) {
    const used = process.cpuUsage(from);
    return (used.user + used.system) / 1000;
}

/** Each share's CPU over its own measured span, in % of one core: the sum and the busiest. */
function cpuFigures(results) {
    const each = results.filter((r) => r !== null && r.windowMs > 0).map((r) => (r.cpuMs * 100) / Math.max(1, r.windowMs));
    return { sum: each.reduce((a, b) => a + b, 0).toFixed(0), max: Math.max(0, ...each).toFixed(0) };
}

function cpuText(cpu) {
    return procs === 1 ? `generator CPU ${cpu.sum} %` : `generator CPU ${cpu.sum} % in ${procs} processes (the busiest ${cpu.max} %)`;
}

function mergedSamples(results) {
    const samples = new Samples();
    for (const r of results) if (r !== null) samples.addAll(r.samples);
    return samples;
}

/**
 * A fan-out or latency share's measured span: from the coordinator's `go` (it starts publishing)
 * to its `end`. Tells it `done` once finished() (every subscriber has every message), or at once
 * when this process has trouble. Returns this process's CPU over the span.
 */
async function shareSpan(share, finished) {
    const go = await share.box.wait(['go', 'end', 'finish']);
    if (go?.type !== 'go') return { cpuMs: 0, windowMs: 0 };
    const from = now();
    const cpu0 = process.cpuUsage();
    await until(() => finished() || trouble.closeCount() > 0 || trouble.errors > 0 || share.box.has('end', 'finish'));
    share.post({ type: 'done', trouble: trouble.closeCount() > 0 || trouble.errors > 0 });
    await share.box.wait(['end', 'finish']);
    return { cpuMs: cpuSince(cpu0), windowMs: now() - from };
}

/** Whether any share's process is done with trouble or gone: the coordinator stops waiting. */
const sharesInTrouble = (parts) => parts.some((p) => p.box.get('done')?.trouble || p.box.has('exit'));

// ------------------------------------------------------------------------------ echo

function echoOptions() {
    return {
        connections: int('connections', 100, 1, 20_000),
        inflight: int('inflight', 10, 1, 1000),
        measureMs: num('seconds', 20, 0.1, 3600) * 1000,
        warmupMs: num('warmup', 3, 0, 600) * 1000,
        size: int('size', 32, 2, 60_000),
    };
}

/**
 * One share of echo's connections: connects them; on `go` keeps --inflight requests in flight on
 * each, and counts the round trips for --seconds from go.measureAt.
 */
async function echoShare(share) {
    const { inflight, measureMs, size } = echoOptions();
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

    const sockets = await connectAll(share.count, shareConcurrency(), (ws, frame) => {
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
    }, share.first);
    for (const ws of sockets) {
        ws.nextId = 0;
        ws.pending = new Map();
    }
    share.post({ type: 'ready', connected: sockets.length });
    const go = await share.box.wait(['go', 'finish']);
    let start = 0;
    let stop = 0;
    let cpuMs = 0;
    if (go?.type === 'go') {
        for (const ws of sockets) {
            for (let k = 0; k < inflight; k++) send(ws);
        }
        await pause(Math.min(Math.max(0, go.measureAt - now()), remaining()));
        phase = 1;
        start = now();
        const cpu0 = process.cpuUsage();
        await pause(Math.min(measureMs, remaining()));
        phase = 2;
        stop = now();
        cpuMs = cpuSince(cpu0);
        // The requests still in flight must all be answered (bounded): none may get lost.
        await until(() => sockets.every((ws) => ws.pending.size === 0), 10_000);
    }
    const unanswered = sockets.reduce((a, ws) => a + ws.pending.size, 0);
    if (unanswered > 0) trouble.error(`${unanswered} echo requests never answered`);
    const clean = trouble.closeCount() === 0 && trouble.errors === 0;
    const closes = { ...trouble.closes };
    await closeAll(sockets);
    trouble.closes = closes;
    shareEnd(share, {
        connected: sockets.length, roundTrips, windowMs: stop - start, cpuMs, measuredFully: stop - start >= measureMs - 1,
        clean, unanswered, unexpected, samples: latency.held(),
    });
}

async function echo() {
    const { connections, inflight, warmupMs, size } = echoOptions();
    if (procs > connections) usage('--procs must be at most --connections');

    const t0 = now();
    const parts = await startShares(connections, null, echoShare);
    const ready = await gather(parts, 'ready');
    console.log(`echo: ${sum(ready, 'connected')} of ${connections} connected in ${f1(seconds(now() - t0))} s`);
    // Every share's measurement starts at this one instant of the shared clock, after the warm-up.
    broadcast(parts, { type: 'go', measureAt: now() + Math.min(warmupMs, remaining()) });
    const results = await gather(parts, 'result', remaining() + 20_000);
    mergeShares(parts, results);
    const got = results.filter((r) => r !== null);

    const connected = sum(got, 'connected');
    const count = sum(got, 'roundTrips');
    // Each share's rate over its own span: the spans start together but may end a little apart.
    const perSecond = got.reduce((a, r) => a + r.roundTrips / seconds(r.windowMs), 0);
    const windowMs = got.length === 0 ? 0 : sum(got, 'windowMs') / got.length;
    const complete = got.length === procs && connected === connections && got.every((r) => r.measuredFully && r.clean);
    const latency = mergedSamples(got);
    const p50 = latency.quantile(0.5);
    const p99 = latency.quantile(0.99);
    const cpu = cpuFigures(got);
    return report(
        `echo: ${connected} connections x ${inflight} in flight, ${size} B data: ${count} round trips in `
        + `${(seconds(windowMs)).toFixed(2)} s = ${perSecond.toFixed(0)} round trips/s (p50 ${f1(p50)} ms, p99 ${f1(p99)} ms); `
        + `${(counts.lines / Math.max(1, counts.frames)).toFixed(2)} lines/frame; ${cpuText(cpu)}; ${trouble.summary()}; `
        + `${complete ? 'complete' : 'INCOMPLETE'}`,
        {
            connections: connected, inflight, size, round_trips: count, seconds: seconds(windowMs).toFixed(3),
            round_trips_per_s: perSecond.toFixed(0), p50_ms: f3(p50), p99_ms: f3(p99), client_cpu_percent: cpu.sum,
            client_cpu_max_percent: cpu.max, procs, unanswered: sum(got, 'unanswered'), unexpected: sum(got, 'unexpected'),
            violations: trouble.violations, errors: trouble.errors, complete,
        },
        status(complete),
    );
}

// ------------------------------------------------------------------------------ fanout

function fanoutOptions() {
    return {
        subscribers: int('subscribers', 1000, 1, 20_000),
        messages: int('messages', 600, 1, 10_000_000),
        size: int('size', 100, 10, 60_000),
        window: int('window', 32, 1, 100_000),
    };
}

/**
 * (message number, receive time) of each delivery, turned into delivery latencies once the send
 * times come at the end. Holds at most 20 million, like Samples.
 */
class Arrivals {
    constructor() {
        this.n = new Int32Array(1024);
        this.t = new Float64Array(1024);
        this.count = 0;
    }

    add(n, t) {
        if (this.count === this.n.length) {
            if (this.count >= 20_000_000) return;
            const n2 = new Int32Array(this.count * 2);
            n2.set(this.n);
            this.n = n2;
            const t2 = new Float64Array(this.count * 2);
            t2.set(this.t);
            this.t = t2;
        }
        this.n[this.count] = n;
        this.t[this.count++] = t;
    }

    latencies(sentAt) {
        const samples = new Samples();
        for (let i = 0; i < this.count; i++) {
            const sent = sentAt[this.n[i]];
            if (sent > 0) samples.add(this.t[i] - sent);
        }
        return samples;
    }
}

/**
 * One share of fan-out's subscribers: connects and subscribes them, checks every delivery, and at
 * `finish` gets the send times for the delivery latencies.
 */
async function fanoutShare(share) {
    const { messages } = fanoutOptions();
    const { channel } = share;
    const states = Array.from({ length: share.count }, (_, i) => new Subscriber(share.first + i));
    const stateOf = (ws) => states[ws.index - share.first];
    const arrivals = new Arrivals();
    let deliveries = 0;
    let lastDelivery = 0;
    let unexpected = 0;

    const subs = await connectAll(share.count, shareConcurrency(), (ws, frame) => {
        const s = stateOf(ws);
        if (frame.type === 'message') {
            s.message(frame, channel);
            const n = numberOf(frame.data);
            if (s.base >= 0 && n !== frame.seq - s.base - 1) {
                trouble.violation(`subscriber ${s.index}: seq ${frame.seq} carried message ${n}`);
            }
            const t = now();
            if (n >= 0 && n < messages) arrivals.add(n, t);
            deliveries++;
            lastDelivery = t;
        } else if (frame.type === 'subscribed') {
            s.subscribed(frame);
        } else if (frame.type !== 'presence') {
            unexpected++;
            trouble.error(`subscriber got ${JSON.stringify(frame).slice(0, 200)}`);
        }
    }, share.first);
    const connectedAt = now();
    const allSubscribed = subs.length === share.count && await subscribeAll(subs, channel, stateOf);
    share.post({
        type: 'ready', connected: subs.length, subscribed: states.filter((s) => s.base >= 0).length, allSubscribed,
        connectedAt, subscribedAt: now(),
    });
    const { cpuMs, windowMs } = await shareSpan(share, () => states.every((s) => s.received >= messages));
    const clean = trouble.closeCount() === 0 && trouble.errors === 0;
    const exact = states.every((s) => s.received === messages);
    const finish = await share.box.wait(['finish'], remaining() + 10_000);
    const closes = { ...trouble.closes };
    await closeAll(subs);
    trouble.closes = closes;
    const latency = arrivals.latencies(finish?.sentAt ?? []);
    shareEnd(share, {
        connected: subs.length, deliveries, lastDelivery, cpuMs, windowMs, clean, exact,
        short: states.filter((s) => s.received < messages).length, unexpected, samples: latency.held(),
    });
}

async function fanout() {
    const { subscribers, messages, size, window } = fanoutOptions();
    if (procs > subscribers) usage('--procs must be at most --subscribers');
    const channel = channelOpt('bench.fan.');
    const sentAt = new Float64Array(messages);
    let unexpected = 0;

    const t0 = now();
    const parts = await startShares(subscribers, channel, fanoutShare);
    const ready = await gather(parts, 'ready');
    const allSubscribed = ready.every((r) => r?.allSubscribed === true);
    const connected = Math.max(t0, ...ready.map((r) => r?.connectedAt ?? 0));
    const subscribed = Math.max(connected, ...ready.map((r) => r?.subscribedAt ?? 0));
    console.log(`fanout: ${sum(ready, 'connected')} connected in ${f1(seconds(connected - t0))} s, `
        + `${sum(ready, 'subscribed')} subscribed to ${channel} in ${f1(seconds(subscribed - connected))} s`);

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
        }, subscribers);
        publisher = pubs[0] ?? null;
    } else {
        console.log('fanout: not every subscriber connected and subscribed; not publishing');
    }
    const firstPublish = now();
    if (publisher) {
        broadcast(parts, { type: 'go' });
        pump();
    }
    const done = publisher !== null && await until(() => (acks === messages && parts.every((p) => p.box.has('done')))
        || sharesInTrouble(parts) || trouble.closeCount() > 0 || trouble.errors > 0);
    const clean = trouble.closeCount() === 0 && trouble.errors === 0;
    const end = now();
    broadcast(parts, { type: 'end' });
    broadcast(parts, { type: 'finish', sentAt });
    const results = await gather(parts, 'result', remaining() + 20_000);
    const closes = { ...trouble.closes };
    if (publisher) await closeAll([publisher]);
    trouble.closes = closes;
    mergeShares(parts, results);
    const got = results.filter((r) => r !== null);
    const complete = done && acks === messages && got.length === procs && got.every((r) => r.exact && r.clean) && clean;

    const deliveries = sum(got, 'deliveries');
    const lastDelivery = Math.max(0, ...got.map((r) => r.lastDelivery));
    const span = (complete ? lastDelivery : end) - firstPublish;
    const perSecond = deliveries / seconds(span);
    // A share that did not report: all its subscribers count as short.
    const short = sum(got, 'short') + results.reduce((a, r, i) => a + (r === null ? parts[i].count : 0), 0);
    const deliveryLatency = mergedSamples(got);
    const p50 = deliveryLatency.quantile(0.5);
    const p99 = deliveryLatency.quantile(0.99);
    const cpu = cpuFigures(got);
    unexpected += sum(got, 'unexpected');
    return report(
        `fanout: 1 publisher -> ${subscribers} subscribers, ${messages} msgs x ${size} B, window ${window}: `
        + `${deliveries} deliveries in ${seconds(span).toFixed(2)} s = ${perSecond.toFixed(0)} deliveries/s; `
        + `${acks} acks (p50 ${f1(ackLatency.quantile(0.5))} ms); delivery p50 ${f1(p50)} ms, p99 ${f1(p99)} ms; `
        + `${(counts.lines / Math.max(1, counts.frames)).toFixed(2)} lines/frame; ${cpuText(cpu)}; subscribers short ${short}; `
        + `${trouble.summary()}; ${complete ? 'complete' : 'INCOMPLETE'}`,
        {
            subscribers, messages, size, window, channel, deliveries, seconds: seconds(span).toFixed(3),
            deliveries_per_s: perSecond.toFixed(0), acks, delivery_p50_ms: f3(p50), delivery_p99_ms: f3(p99),
            lines_per_frame: (counts.lines / Math.max(1, counts.frames)).toFixed(2), client_cpu_percent: cpu.sum,
            client_cpu_max_percent: cpu.max, procs, short, unexpected, violations: trouble.violations, errors: trouble.errors,
            complete,
        },
        status(complete),
    );
}

// ------------------------------------------------------------------------------ latency

function latencyOptions() {
    const rate = num('rate', 50, 0.1, 10_000);
    const measureMs = num('seconds', 20, 0.1, 3600) * 1000;
    const warmupMs = num('warmup', 2, 0, 600) * 1000;
    const warmupCount = Math.round((warmupMs / 1000) * rate);
    return {
        subscribers: int('subscribers', 1000, 1, 20_000),
        rate,
        size: int('size', 100, 10, 60_000),
        expectEphemeral: (opts['expect-ephemeral'] ?? 'false') === 'true',
        warmupCount,
        total: warmupCount + Math.max(1, Math.round((measureMs / 1000) * rate)),
    };
}

/**
 * One share of latency's subscribers: connects and subscribes them, checks every delivery and
 * records receive time minus the send time in its data for each after the warm-up.
 */
async function latencyShare(share) {
    const { total, warmupCount } = latencyOptions();
    const { channel } = share;
    const states = Array.from({ length: share.count }, (_, i) => new Subscriber(share.first + i));
    const stateOf = (ws) => states[ws.index - share.first];
    const samples = new Samples();
    let max = -1;
    let unexpected = 0;

    const subs = await connectAll(share.count, shareConcurrency(), (ws, frame) => {
        const s = stateOf(ws);
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
    }, share.first);
    const allSubscribed = subs.length === share.count && await subscribeAll(subs, channel, stateOf);
    share.post({ type: 'ready', connected: subs.length, subscribed: states.filter((s) => s.base >= 0).length, allSubscribed });
    const { cpuMs, windowMs } = await shareSpan(share, () => states.every((s) => s.received >= total));
    const clean = trouble.closeCount() === 0 && trouble.errors === 0;
    const exact = states.every((s) => s.received === total);
    await share.box.wait(['finish'], remaining() + 10_000);
    const closes = { ...trouble.closes };
    await closeAll(subs);
    trouble.closes = closes;
    shareEnd(share, {
        connected: subs.length, cpuMs, windowMs, clean, exact, short: states.filter((s) => s.received < total).length,
        unexpected, max, samples: samples.held(),
    });
}

async function latency() {
    const { subscribers, rate, size, expectEphemeral, warmupCount, total } = latencyOptions();
    if (procs > subscribers) usage('--procs must be at most --subscribers');
    const channel = channelOpt(expectEphemeral ? 'bench.eph.' : 'bench.lat.');
    // The data: {"n":N,"t":SENT_MS,"p":"xx..."}, padded to about --size bytes.
    const padding = 'x'.repeat(Math.max(0, size - 40));
    let unexpected = 0;

    const parts = await startShares(subscribers, channel, latencyShare);
    const ready = await gather(parts, 'ready');
    const allSubscribed = ready.every((r) => r?.allSubscribed === true);
    console.log(`latency: ${sum(ready, 'connected')} connected, ${sum(ready, 'subscribed')} subscribed to ${channel}`);

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
        }, subscribers);
        publisher = pubs[0] ?? null;
    }
    let sent = 0;
    if (publisher) {
        broadcast(parts, { type: 'go' });
        // A fixed schedule: message i is due at start + i / rate, whatever the answers; a late tick
        // sends what is due at once, each stamped with its own send time.
        const start = now();
        const intervalMs = 1000 / rate;
        while (sent < total && remaining() > 0 && trouble.closeCount() === 0 && !sharesInTrouble(parts)) {
            while (sent < total && now() >= start + sent * intervalMs) {
                publisher.send(`{"type":"publish","channel":"${channel}","data":{"n":${sent},"t":${now()},"p":"${padding}"},"id":"${sent}"}`);
                sent++;
            }
            await pause(Math.max(0, Math.min(start + sent * intervalMs - now(), 50)));
        }
    } else {
        console.log('latency: not every subscriber connected and subscribed; not publishing');
    }
    const done = publisher !== null && await until(() => (acks === total && parts.every((p) => p.box.has('done')))
        || sharesInTrouble(parts) || trouble.closeCount() > 0 || trouble.errors > 0, 60_000);
    const clean = trouble.closeCount() === 0 && trouble.errors === 0;
    // The shares' CPU spans end here: near 100 % a generator process itself, not the server, adds latency.
    broadcast(parts, { type: 'end' });
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
    broadcast(parts, { type: 'finish' });
    const results = await gather(parts, 'result', remaining() + 20_000);
    const closes = { ...trouble.closes };
    if (publisher) await closeAll([publisher]);
    trouble.closes = closes;
    mergeShares(parts, results);
    const got = results.filter((r) => r !== null);
    const complete = done && sent === total && acks === total && got.length === procs && got.every((r) => r.exact && r.clean)
        && clean;

    const short = sum(got, 'short') + results.reduce((a, r, i) => a + (r === null ? parts[i].count : 0), 0);
    const samples = mergedSamples(got);
    const max = Math.max(-1, ...got.map((r) => r.max));
    const p50 = samples.quantile(0.5);
    const p99 = samples.quantile(0.99);
    const cpu = cpuFigures(got);
    unexpected += sum(got, 'unexpected');
    const code = status(complete);
    return report(
        `latency: ${rate} publishes/s -> ${subscribers} subscribers on ${channel}, ${total} msgs (${warmupCount} warm-up): `
        + `publish to delivery p50 ${f1(p50)} ms, p99 ${f1(p99)} ms, max ${f1(max)} ms over ${samples.count} deliveries; `
        + `${acks} acks; ${cpuText(cpu)}; subscribers short ${short}; ${trouble.summary()}; `
        + `${complete ? 'complete' : 'INCOMPLETE'}`,
        {
            subscribers, rate, messages: total, warmup_messages: warmupCount, size, channel,
            ephemeral_checked: expectEphemeral && setupProblem === null, samples: samples.count,
            p50_ms: f3(p50), p99_ms: f3(p99), max_ms: f3(max), acks, client_cpu_percent: cpu.sum,
            client_cpu_max_percent: cpu.max, procs, short, unexpected,
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
    const allSubscribed = subs.length === subscriberCount
        && (subscriberCount === 0 || await subscribeAll(subs, channel, (ws) => states[ws.index]));
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
    if (isForkedShare) {
        return shareProcess({ echo: echoShare, fanout: fanoutShare, latency: latencyShare }[mode]);
    }
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
