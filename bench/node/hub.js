'use strict';
// Reference hub for bench/compare.sh: the part of Switchboard's protocol v1 that the benchmark
// measures (echo, subscribe, publish, ping), on the `ws` library in one Node process. It stores
// nothing, coalesces nothing and checks no login, so it is the floor a WebSocket hub on this
// machine could reach, not a second implementation of Switchboard.
//
//   node [--expose-gc] bench/node/hub.js [--port 8090] [--user alice]
//
// Listens on 127.0.0.1 only; any path upgrades. GET /health answers 200 once it listens. On
// SIGUSR2 it collects garbage (with --expose-gc) and prints `MEMORY rss=... heap_used=...` (bytes)
// for the memory-per-connection figure. SIGTERM or SIGINT closes every socket with 1001 and exits.
const crypto = require('node:crypto');
const http = require('node:http');
const { WebSocketServer } = require('ws');

const SUBPROTOCOL = 'switchboard.v1';
const CHANNEL = /^[A-Za-z0-9._:-]{1,128}$/;

const args = parseArgs(process.argv.slice(2));
const port = Number(args.port ?? 8090);
// Nobody logs in here; every message is "from" the user the generator logs in as on Switchboard,
// so a message frame has the same size on both servers.
const user = String(args.user ?? 'alice');

/** channel name -> { seq, subscribers: Set<WebSocket> } */
const channels = new Map();
/** socket -> Set of the channel names it is subscribed to */
const subscriptions = new WeakMap();

const server = http.createServer((req, res) => {
    res.writeHead(req.url === '/health' ? 200 : 404, { 'Content-Type': 'text/plain' });
    res.end(req.url === '/health' ? 'UP\n' : 'not found\n');
});
const wss = new WebSocketServer({
    server,
    perMessageDeflate: false,
    maxPayload: 65536,
    handleProtocols: (offered) => (offered.has(SUBPROTOCOL) ? SUBPROTOCOL : false),
});

wss.on('connection', (ws) => {
    subscriptions.set(ws, new Set());
    ws.on('message', (raw, isBinary) => {
        if (isBinary) {
            ws.close(1003, 'binary frames are not supported');
            return;
        }
        handle(ws, raw.toString());
    });
    ws.on('close', () => {
        for (const name of subscriptions.get(ws)) {
            channels.get(name)?.subscribers.delete(ws);
        }
    });
    ws.on('error', () => { /* the close event follows */ });
});

function handle(ws, text) {
    let frame;
    try {
        frame = JSON.parse(text);
    } catch (e) {
        return error(ws, 'bad_json', 'not JSON', undefined);
    }
    if (frame === null || typeof frame !== 'object' || Array.isArray(frame)) {
        return error(ws, 'bad_json', 'not a JSON object', undefined);
    }
    const id = typeof frame.id === 'string' ? frame.id : undefined;
    switch (frame.type) {
        case 'ping':
            return reply(ws, { type: 'pong' }, id);
        case 'echo':
            if (!('data' in frame)) return error(ws, 'invalid', 'data is required', id);
            return reply(ws, { type: 'echo', data: frame.data }, id);
        case 'subscribe': {
            if (!validChannel(frame.channel)) return error(ws, 'invalid', 'bad channel', id);
            const channel = channelNamed(frame.channel);
            channel.subscribers.add(ws);
            subscriptions.get(ws).add(frame.channel);
            return reply(ws, { type: 'subscribed', channel: frame.channel, seq: channel.seq, epoch: channel.epoch, presence: [] }, id);
        }
        case 'unsubscribe':
            if (!validChannel(frame.channel)) return error(ws, 'invalid', 'bad channel', id);
            channels.get(frame.channel)?.subscribers.delete(ws);
            subscriptions.get(ws).delete(frame.channel);
            return reply(ws, { type: 'unsubscribed', channel: frame.channel }, id);
        case 'publish': {
            if (!validChannel(frame.channel)) return error(ws, 'invalid', 'bad channel', id);
            if (!('data' in frame)) return error(ws, 'invalid', 'data is required', id);
            const channel = channelNamed(frame.channel);
            const seq = ++channel.seq;
            reply(ws, { type: 'ack', seq }, id);
            // Encoded once; every subscriber gets the same string.
            const message = JSON.stringify({ type: 'message', channel: frame.channel, seq, data: frame.data, from: user, ts: Date.now() });
            for (const subscriber of channel.subscribers) {
                subscriber.send(message);
            }
            return undefined;
        }
        default:
            return typeof frame.type === 'string'
                ? error(ws, 'unknown_type', 'unknown type ' + frame.type, id)
                : error(ws, 'invalid', 'type must be a string', id);
    }
}

function channelNamed(name) {
    let channel = channels.get(name);
    if (!channel) {
        channel = { seq: 0, epoch: crypto.randomBytes(8).toString('hex'), subscribers: new Set() };
        channels.set(name, channel);
    }
    return channel;
}

function validChannel(name) {
    return typeof name === 'string' && CHANNEL.test(name);
}

function reply(ws, body, id) {
    if (id !== undefined) body.id = id;
    ws.send(JSON.stringify(body));
}

function error(ws, code, message, id) {
    reply(ws, { type: 'error', code, message }, id);
}

function parseArgs(argv) {
    const out = {};
    for (let i = 0; i < argv.length; i += 2) {
        if (!argv[i].startsWith('--') || i + 1 >= argv.length) {
            console.error('usage: node hub.js [--port 8090] [--user alice]');
            process.exit(1);
        }
        out[argv[i].slice(2)] = argv[i + 1];
    }
    return out;
}

process.on('SIGUSR2', () => {
    if (typeof global.gc === 'function') {
        global.gc();
    }
    const m = process.memoryUsage();
    console.log(`MEMORY rss=${m.rss} heap_used=${m.heapUsed} external=${m.external} connections=${wss.clients.size}`);
});
for (const signal of ['SIGTERM', 'SIGINT']) {
    process.on(signal, () => {
        for (const ws of wss.clients) ws.close(1001, 'server shutting down');
        server.close();
        // Exits once every socket has closed, or after 2 s whatever is left.
        const until = Date.now() + 2000;
        setInterval(() => {
            if (wss.clients.size === 0 || Date.now() > until) process.exit(0);
        }, 50);
    });
}

server.listen(port, '127.0.0.1', () => {
    console.log(`hub: listening on ws://127.0.0.1:${port}/ws (pid ${process.pid})`);
});
