#!/usr/bin/env node
// A Switchboard protocol v1 client (README "Protocol v1 reference"): logs in, subscribes to one
// channel and resumes it after a dropped connection, publishes each line of stdin until every one
// is acked, and prints every object the server sends as one JSON line on stdout (notes go to stderr).
// Usage: node client.js URL USER PASSWORD CHANNEL    e.g. node client.js http://localhost:8080 alice demo lobby
'use strict';
const { randomUUID } = require('node:crypto');
const readline = require('node:readline');
const WebSocket = require('ws');

const [base, user, password, channel] = process.argv.slice(2);
if (!channel) {
  console.error('usage: node client.js URL USER PASSWORD CHANNEL');
  process.exit(1);
}
const root = base.replace(/\/+$/, '');
const origin = new URL(root).origin; // the server allows its own origin by default
const wsUrl = root.replace(/^http/, 'ws') + '/ws';

// Close codes whose README row says "reconnect? no": reconnecting unchanged would fail again.
const FINAL = new Set([1000, 1002, 1003, 1007, 1009, 4000, 4003]);
const EXIT_DONE = 0, EXIT_LOGIN = 2, EXIT_CLOSED = 3;

let cookie = null; // every cookie of the login: the session's and SBLOGIN, which outlives a restart
let epoch = null; // the epoch of the subscription, and the highest seq handled in it: where to resume
let lastSeq = 0;
const pending = new Map(); // publishes not acked yet, by id, in the order they were made
const idPrefix = randomUUID().slice(0, 8); // ids unique per sender, so a resend is stored once
let nextId = 1;
let ws = null;
let ready = false; // subscribed on the current connection
let attempt = 0; // reconnects since the last successful subscribe, for the backoff
let stdinEnded = false;
let finished = false;

const note = (text) => console.error(`[client] ${text}`);

async function login() {
  const res = await fetch(root + '/api/login', {
    method: 'POST',
    // state-changing requests must carry an allowed Origin (README "HTTP API")
    headers: { 'Content-Type': 'application/json', Origin: origin },
    body: JSON.stringify({ username: user, password }),
  });
  if (res.status === 401 || res.status === 403) {
    note(`login refused: ${res.status} ${await res.text()}`);
    process.exit(EXIT_LOGIN);
  }
  if (res.status !== 204) throw new Error(`login answered ${res.status}`);
  // getSetCookie keeps the cookies apart; older Node 18 releases only join them with ", ".
  const cookies = res.headers.getSetCookie?.() ?? res.headers.get('set-cookie').split(/, (?=[^;=\s]+=)/);
  cookie = cookies.map((c) => c.split(';')[0]).join('; ');
}

function send(frame) {
  if (ws && ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(frame));
}

function connect() {
  let status = 0; // the HTTP status of a refused handshake
  const socket = (ws = new WebSocket(wsUrl, 'switchboard.v1', { headers: { Cookie: cookie }, origin }));
  socket.on('unexpected-response', (req, res) => {
    status = res.statusCode;
    socket.terminate();
  });
  socket.on('open', () => {
    // Resume: the server replays what came after lastSeq in this epoch, or says recovered:false.
    send({ type: 'subscribe', channel, id: 'sub', ...(epoch && { since: { seq: lastSeq, epoch } }) });
  });
  socket.on('message', (frame) => {
    // The server may coalesce several objects into one frame, one per line, in order.
    for (const line of frame.toString().split('\n')) if (line) handle(line);
  });
  socket.on('error', (e) => note(`connection error: ${e.message}`));
  socket.on('close', (code, reason) => closed(code, reason.toString(), status));
}

function handle(line) {
  console.log(line);
  const msg = JSON.parse(line);
  if ((msg.type === 'message' || msg.type === 'deleted') && msg.channel === channel) {
    lastSeq = msg.seq;
  } else if (msg.type === 'subscribed' && msg.channel === channel) {
    if (msg.recovered === false) {
      note(`could not recover what came after seq ${lastSeq}; carrying on from seq ${msg.seq}`);
    }
    // With recovered:true the missed messages follow, so lastSeq moves as they arrive.
    if (msg.recovered !== true) [lastSeq, epoch] = [msg.seq, msg.epoch];
    ready = true;
    attempt = 0;
    // Unacked publishes keep their ids: one that was stored before the drop is acked as a duplicate.
    for (const frame of pending.values()) send(frame);
  } else if (msg.type === 'ack' && pending.delete(msg.id)) {
    finishIfDone();
  } else if (msg.type === 'error' && pending.has(msg.id)) {
    if (msg.code === 'rate_limited' || msg.code === 'unavailable') {
      setTimeout(() => ready && pending.has(msg.id) && send(pending.get(msg.id)), 1000);
    } else {
      note(`publish ${msg.id} refused: ${msg.code} ${msg.message}`);
      pending.delete(msg.id);
      finishIfDone();
    }
  }
}

function closed(code, reason, status) {
  ready = false;
  if (finished) process.exit(EXIT_DONE);
  if (FINAL.has(code) || status === 403) {
    note(`closed with ${status ? `HTTP ${status}` : `${code} ${reason}`}; not reconnecting`);
    process.exit(EXIT_CLOSED);
  }
  if (status === 401) cookie = null; // the login ended: log in again (close code 4001's advice)
  reconnectLater(status ? `HTTP ${status}` : `${code} ${reason}`);
}

function reconnectLater(why) {
  // Exponential backoff with jitter, 0.5 s doubling to 30 s (README "Close codes").
  const delay = Math.min(30000, 500 * 2 ** attempt++) * (0.5 + Math.random() / 2);
  note(`disconnected (${why}); reconnecting in ${(delay / 1000).toFixed(1)} s`);
  setTimeout(() => (cookie ? Promise.resolve() : login()).then(connect, (e) => reconnectLater(e.message)), delay);
}

function finishIfDone() {
  if (!stdinEnded || pending.size > 0 || finished) return;
  finished = true;
  if (ws && ws.readyState === WebSocket.OPEN) ws.close(1000, 'done');
  else process.exit(EXIT_DONE);
}

readline.createInterface({ input: process.stdin })
  .on('line', (text) => {
    const frame = { type: 'publish', channel, data: { text }, id: `${idPrefix}-${nextId++}` };
    pending.set(frame.id, frame);
    if (ready) send(frame);
  })
  .on('close', () => {
    stdinEnded = true;
    finishIfDone();
  });

login().then(connect, (e) => reconnectLater(e.message));
