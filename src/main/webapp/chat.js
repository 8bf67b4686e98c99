// The chat page: log in, pick a channel, read and write messages, see who is online, all over one
// SwitchboardClient connection. Everything a user or the server supplies is shown with
// textContent, never parsed as HTML. The page keeps each channel's position (last seq and epoch)
// across reconnects and across a new login in the same tab, so what was missed meanwhile is
// recovered exactly once.
import { SwitchboardClient } from './switchboard.js';

const LOBBY = 'lobby';
const HISTORY_PAGE = 50;
const CHANNEL_PAGES = 5; // GET /api/channels pages read at login, at most
const CHANNEL_NAME = /^[A-Za-z0-9._:-]{1,128}$/;

const $ = (id) => document.getElementById(id);
const el = {
  account: $('account'), me: $('me'), logout: $('logout'),
  banner: $('banner'), bannerText: $('banner-text'),
  login: $('login'), loginForm: $('login-form'), username: $('username'), password: $('password'),
  loginError: $('login-error'), loginSubmit: $('login-submit'),
  chat: $('chat'), channelList: $('channel-list'), joinForm: $('join-form'), joinName: $('join-name'),
  joinError: $('join-error'), channelTitle: $('channel-title'), presenceSummary: $('presence-summary'),
  scroller: $('scroller'), older: $('older'), historyStart: $('history-start'), logHolder: $('log-holder'),
  outbox: $('outbox'), announcer: $('announcer'), composer: $('composer'), composerText: $('composer-text'),
  presence: $('presence'),
};

const api = {
  /** The login, null when there is none (401); throws when the server cannot tell (down, restarting). */
  async me() {
    const r = await fetch('api/me', { cache: 'no-store', credentials: 'same-origin' });
    if (r.status === 401) return null;
    if (!r.ok) throw new Error(`GET /api/me answered ${r.status}`);
    return r.json();
  },
  async login(username, password) {
    return fetch('api/login', {
      method: 'POST', credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username, password }),
    });
  },
  async logout() {
    await fetch('api/logout', { method: 'POST', credentials: 'same-origin' });
  },
  async channels() {
    const names = [];
    let after = null;
    for (let page = 0; page < CHANNEL_PAGES; page++) {
      const r = await fetch(`api/channels${after ? `?after=${encodeURIComponent(after)}` : ''}`,
        { cache: 'no-store', credentials: 'same-origin' });
      if (!r.ok) break;
      const body = await r.json();
      names.push(...body.channels.map((c) => c.name));
      if (!body.next) break;
      after = body.next;
    }
    return names;
  },
};

// --- state ------------------------------------------------------------------------------------

let me = null;            // {username, roles}
let client = null;        // the SwitchboardClient of this login (kept across a re-login of the same user)
let current = null;       // the channel shown
let countdown = null;     // the reconnect banner's timer
let sessionLost = false;  // the page found the login gone and waits for a new one
// name -> { log (ol), bySeq (Map seq -> li), oldest, newest, joined, presence (Set), unread, item (li), atStart }
const channels = new Map();
// the seqs of messages this page published and saw acked: shown as delivered
const ackedSeqs = new Map(); // channel -> Set

// --- start ------------------------------------------------------------------------------------

async function init() {
  el.loginForm.addEventListener('submit', onLogin);
  el.logout.addEventListener('click', onLogout);
  el.joinForm.addEventListener('submit', onJoin);
  el.composer.addEventListener('submit', onSend);
  el.older.addEventListener('click', () => loadOlder(current));
  el.scroller.addEventListener('scroll', () => {
    if (el.scroller.scrollTop === 0 && current && !el.older.hidden) loadOlder(current);
  });
  let who = null;
  try {
    who = await api.me();
  } catch {
    showBanner('The server cannot be reached. Reload the page to try again.', 'error');
  }
  if (who) {
    await startChat(who);
  } else {
    showLogin();
  }
}

// --- login and logout -------------------------------------------------------------------------

function showLogin(message) {
  el.chat.hidden = true;
  el.account.hidden = true;
  el.login.hidden = false;
  el.loginError.textContent = message ?? '';
  el.password.value = '';
  (el.username.value ? el.password : el.username).focus();
}

async function onLogin(event) {
  event.preventDefault();
  const username = el.username.value.trim();
  const password = el.password.value;
  if (!username || !password) {
    el.loginError.textContent = 'Enter your user name and password.';
    return;
  }
  el.loginSubmit.disabled = true;
  el.loginError.textContent = '';
  try {
    const r = await api.login(username, password);
    if (r.status === 204) {
      const who = await api.me();
      if (who) {
        await startChat(who);
        return;
      }
    }
    el.loginError.textContent = await loginRefusal(r);
  } catch {
    el.loginError.textContent = 'The server cannot be reached; try again in a moment.';
  } finally {
    el.loginSubmit.disabled = false;
  }
}

async function loginRefusal(response) {
  if (response.status === 401) return 'Wrong user name or password.';
  if (response.status === 429) {
    const wait = response.headers.get('Retry-After');
    return `Too many attempts; try again${wait ? ` in ${wait} s` : ' later'}.`;
  }
  try {
    const body = await response.json();
    return body.message ?? `Login failed (${response.status}).`;
  } catch {
    return `Login failed (${response.status}).`;
  }
}

async function onLogout() {
  const closing = client;
  client = null;
  me = null; // first: the close below is this page's doing, not news for the banner
  closing?.close();
  try {
    await api.logout();
  } catch {
    // the session ends with its timeout anyway
  }
  forgetChannels();
  hideBanner();
  showLogin();
}

/** The session is gone (logout elsewhere, expiry, a server restart that lost it): log in again. */
function loggedOut() {
  if (sessionLost) return;
  sessionLost = true;
  client?.close(); // keeps each channel's position: the next connect() resumes from it
  showBanner('You were logged out. Log in again to carry on where you left off.', 'warn');
  el.username.value = me?.username ?? '';
  showLogin();
}

async function startChat(who) {
  sessionLost = false;
  if (me && me.username !== who.username) {
    // someone else in this tab: nothing of the previous user's view carries over
    client?.close();
    client = null;
    forgetChannels();
  }
  me = who;
  el.me.textContent = who.username;
  el.account.hidden = false;
  el.login.hidden = true;
  el.chat.hidden = false;
  hideBanner();

  let names = [];
  try {
    names = await api.channels();
  } catch {
    // the list is a convenience: lobby and joining by name still work
  }
  for (const name of [LOBBY, ...names]) {
    channelState(name);
  }
  renderChannelList();
  if (!client) {
    client = newClient();
  }
  client.connect();
  await openChannel(current ?? LOBBY);
  el.composerText.focus();
}

function newClient() {
  const c = new SwitchboardClient({
    url: wsUrl(),
    // After a 4001 close the client asks before reconnecting: the login may still be valid
    // (connection lifetime, roles changed) or gone (logout, expiry).
    sessionCheck: async () => (await api.me()) !== null,
  });
  c.on('state', onState);
  c.on('message', onMessage);
  c.on('deleted', onDeleted);
  c.on('presence', onPresence);
  c.on('subscribed', onSubscribed);
  c.on('recoverylost', onRecoveryLost);
  c.on('error', (e) => {
    if (e.channel && e.code === 'forbidden') {
      dropChannel(e.channel, `You may not read #${e.channel}.`);
    }
  });
  return c;
}

function wsUrl() {
  const url = new URL('ws', document.baseURI);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return url.href;
}

// --- connection banner ------------------------------------------------------------------------

function onState(s) {
  stopCountdown();
  switch (s.state) {
    case 'connecting':
      if (s.attempt > 0) showBanner('Reconnecting…', 'warn');
      break;
    case 'open':
      hideBanner();
      break;
    case 'reconnecting':
      startCountdown(s.delay);
      // A browser reports a refused handshake (401 after the login ended) like a network failure:
      // ask whether the login is still there.
      checkSession();
      break;
    case 'offline':
      showBanner('You are offline. Waiting for the network to come back…', 'warn');
      break;
    case 'closed':
      onClosed(s);
      break;
    default:
  }
}

function onClosed({ code, reason }) {
  if (code === 4003) {
    showBanner('You were removed by an administrator. Reload the page to try again later.', 'error');
    el.composerText.disabled = true;
    return;
  }
  if (code === 4001) {
    loggedOut();
    return;
  }
  if (code === 1000 && (sessionLost || !me)) {
    return; // closed by this page
  }
  showBanner(`Disconnected (${code}${reason ? `: ${reason}` : ''}). Reload the page to reconnect.`, 'error');
}

async function checkSession() {
  try {
    const who = await api.me();
    if (who === null && client && client.state !== 'closed' && client.state !== 'open') {
      loggedOut();
    }
  } catch {
    // the server is not reachable yet: the client keeps trying
  }
}

function startCountdown(delay) {
  const until = Date.now() + delay;
  const tick = () => {
    const seconds = Math.max(0, Math.ceil((until - Date.now()) / 1000));
    showBanner(seconds > 0 ? `Connection lost. Reconnecting in ${seconds} s…` : 'Reconnecting…', 'warn');
  };
  tick();
  countdown = setInterval(tick, 500);
}

function stopCountdown() {
  if (countdown !== null) {
    clearInterval(countdown);
    countdown = null;
  }
}

function showBanner(text, tone) {
  if (el.bannerText.textContent !== text) el.bannerText.textContent = text;
  el.banner.dataset.tone = tone;
  el.banner.hidden = false;
}

function hideBanner() {
  stopCountdown();
  el.banner.hidden = true;
  el.bannerText.textContent = '';
}

// --- channels ---------------------------------------------------------------------------------

function channelState(name) {
  let ch = channels.get(name);
  if (!ch) {
    const log = document.createElement('ol');
    log.className = 'log';
    log.setAttribute('aria-label', `Messages in #${name}`);
    ch = { name, log, bySeq: new Map(), oldest: null, joined: false, presence: new Set(), unread: 0,
      item: null, atStart: false, loading: false };
    channels.set(name, ch);
  }
  return ch;
}

function forgetChannels() {
  channels.clear();
  ackedSeqs.clear();
  outbox.clear();
  current = null;
  el.channelList.replaceChildren();
  el.logHolder.replaceChildren();
  el.outbox.replaceChildren();
  el.presence.replaceChildren();
}

function renderChannelList() {
  const names = [...channels.keys()].sort((a, b) => (a === LOBBY ? -1 : b === LOBBY ? 1 : a.localeCompare(b)));
  const items = names.map((name) => {
    const ch = channels.get(name);
    if (!ch.item) {
      const li = document.createElement('li');
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'channel';
      button.dataset.channel = name;
      const label = document.createElement('span');
      label.className = 'channel-name';
      label.textContent = `# ${name}`;
      const badge = document.createElement('span');
      badge.className = 'badge';
      badge.hidden = true;
      button.append(label, badge);
      button.addEventListener('click', () => openChannel(name).then(() => el.composerText.focus()));
      li.append(button);
      ch.item = li;
    }
    return ch.item;
  });
  el.channelList.replaceChildren(...items);
  updateChannelList();
}

function updateChannelList() {
  for (const ch of channels.values()) {
    if (!ch.item) continue;
    const button = ch.item.firstChild;
    const selected = ch.name === current;
    button.setAttribute('aria-current', selected ? 'true' : 'false');
    const badge = button.lastChild;
    badge.hidden = ch.unread === 0 || selected;
    badge.textContent = ch.unread > 99 ? '99+' : String(ch.unread);
    button.setAttribute('aria-label', `#${ch.name}${ch.unread && !selected ? `, ${ch.unread} unread` : ''}`);
  }
}

async function openChannel(name) {
  const ch = channelState(name);
  if (!ch.item) renderChannelList();
  current = name;
  ch.unread = 0;
  updateChannelList();
  el.channelTitle.textContent = `#${name}`;
  el.composerText.placeholder = `Message #${name}`;
  el.logHolder.replaceChildren(ch.log);
  renderOutbox();
  renderPresence();
  renderHistoryEdge();
  scrollToEnd();
  if (!ch.joined) {
    ch.joined = true;
    try {
      await client.subscribe(name, {});
    } catch (e) {
      if (e.code !== 'closed') dropChannel(name, `Cannot join #${name}: ${e.message}`);
    }
  }
}

function dropChannel(name, why) {
  const ch = channels.get(name);
  if (!ch) return;
  channels.delete(name);
  ch.item?.remove();
  el.joinError.textContent = why;
  if (current === name) {
    current = null;
    openChannel(LOBBY);
  }
}

function onJoin(event) {
  event.preventDefault();
  const name = el.joinName.value.trim().replace(/^#/, '');
  if (!CHANNEL_NAME.test(name)) {
    el.joinError.textContent = 'A channel name is 1 to 128 of A-Z a-z 0-9 . _ : -';
    return;
  }
  el.joinError.textContent = '';
  el.joinName.value = '';
  openChannel(name).then(() => el.composerText.focus());
}

// --- messages ---------------------------------------------------------------------------------

function onSubscribed(info) {
  const ch = channels.get(info.channel);
  if (!ch) return;
  ch.presence = new Set((info.presence ?? []).map((p) => p.user));
  if (info.channel === current) renderPresence();
  // The first subscription of the channel in this page: show what came before.
  if (ch.oldest === null && !info.resumed) {
    loadOlder(info.channel, info.seq + 1);
  }
}

function onRecoveryLost({ channel }) {
  const ch = channels.get(channel);
  if (!ch) return;
  // What was missed cannot be sent: start the view over from the history.
  ch.log.replaceChildren();
  ch.bySeq.clear();
  ch.oldest = null;
  ch.atStart = false;
  loadOlder(channel);
  announce(`#${channel} was reloaded: some messages could not be recovered.`);
}

function onMessage(m) {
  const ch = channels.get(m.channel);
  if (!ch) return;
  if (addMessage(ch, m)) {
    if (m.channel === current) {
      const nearEnd = el.scroller.scrollHeight - el.scroller.scrollTop - el.scroller.clientHeight < 120;
      if (nearEnd || m.from === me?.username) scrollToEnd();
      announce(`${m.from}: ${messageText(m.data)}`);
    } else {
      ch.unread++;
      updateChannelList();
    }
  }
}

function onDeleted({ channel, seq }) {
  const ch = channels.get(channel);
  const li = ch?.bySeq.get(seq);
  if (li) markDeleted(li);
}

/** Adds a message in seq order; false when it is already shown. */
function addMessage(ch, m) {
  if (ch.bySeq.has(m.seq)) return false;
  const li = messageItem(ch.name, m);
  ch.bySeq.set(m.seq, li);
  // usually the newest: walk back from the end to its place
  let after = ch.log.lastElementChild;
  while (after && Number(after.dataset.seq) > m.seq) {
    after = after.previousElementSibling;
  }
  if (after) after.after(li); else ch.log.prepend(li);
  if (ch.oldest === null || m.seq < ch.oldest) ch.oldest = m.seq;
  return true;
}

function messageItem(channel, m) {
  const li = document.createElement('li');
  li.className = 'message';
  li.dataset.seq = String(m.seq);
  if (m.from === me?.username) li.classList.add('mine');
  const head = document.createElement('div');
  head.className = 'message-head';
  const from = document.createElement('span');
  from.className = 'from';
  from.textContent = m.from;
  const time = document.createElement('time');
  time.className = 'time';
  const date = new Date(m.ts);
  time.dateTime = date.toISOString();
  time.textContent = date.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  time.title = date.toLocaleString();
  head.append(from, time);
  if (ackedSeqs.get(channel)?.has(m.seq)) head.append(deliveredMark());
  const text = document.createElement('p');
  text.className = 'text';
  li.append(head, text);
  if (m.deleted) {
    markDeleted(li);
  } else {
    text.textContent = messageText(m.data);
  }
  return li;
}

function deliveredMark() {
  const mark = document.createElement('span');
  mark.className = 'state delivered';
  mark.textContent = 'delivered';
  return mark;
}

function markDeleted(li) {
  li.classList.add('deleted');
  li.querySelector('.text').textContent = 'This message was deleted.';
}

function messageText(data) {
  if (typeof data === 'string') return data;
  if (data && typeof data === 'object' && typeof data.text === 'string') return data.text;
  return JSON.stringify(data);
}

async function loadOlder(name, before) {
  const ch = channels.get(name);
  if (!ch || ch.loading || ch.atStart) return;
  const from = before ?? ch.oldest ?? undefined;
  if (from !== undefined && from <= 1) {
    ch.atStart = true;
    if (name === current) renderHistoryEdge();
    return;
  }
  ch.loading = true;
  const keepBottom = el.scroller.scrollHeight - el.scroller.scrollTop;
  try {
    const page = await client.history(name, { before: from, limit: HISTORY_PAGE });
    for (const m of page.messages) addMessage(ch, m);
    if (page.messages.length < HISTORY_PAGE || page.messages[0]?.seq === 1) ch.atStart = true;
    if (page.messages.length === 0 && ch.oldest === null && from !== undefined) ch.oldest = from;
  } catch {
    // shown as it is; the button stays to try again
  } finally {
    ch.loading = false;
  }
  if (name === current) {
    renderHistoryEdge();
    el.scroller.scrollTop = el.scroller.scrollHeight - keepBottom;
  }
}

function renderHistoryEdge() {
  const ch = channels.get(current);
  el.older.hidden = !ch || ch.atStart;
  el.historyStart.hidden = !ch || !ch.atStart;
}

function scrollToEnd() {
  el.scroller.scrollTop = el.scroller.scrollHeight;
}

let announceTimer = null;
function announce(text) {
  // One line at a time for screen readers; a burst of messages announces the last.
  clearTimeout(announceTimer);
  announceTimer = setTimeout(() => { el.announcer.textContent = text; }, 150);
}

// --- sending ----------------------------------------------------------------------------------

// channel -> [{ id, text, state, error }]: publishes not yet acked, shown under the log
const outbox = new Map();
// Publish ids are unique per sender within the hub's dedup window: a random prefix per page load.
const PAGE_ID = [...crypto.getRandomValues(new Uint8Array(6))].map((b) => b.toString(16).padStart(2, '0')).join('');
let published = 0;

function onSend(event) {
  event.preventDefault();
  const text = el.composerText.value;
  if (!text.trim() || !current || !client) return;
  el.composerText.value = '';
  const entry = { channel: current, id: `${PAGE_ID}-${++published}`, text, state: 'pending' };
  if (!outbox.has(current)) outbox.set(current, []);
  outbox.get(current).push(entry);
  send(entry);
}

function send(entry) {
  entry.state = 'pending';
  renderOutbox();
  // The same id on a retry: the hub stores a publish once however often it is sent.
  client.publish(entry.channel, { text: entry.text }, { id: entry.id }).then((ack) => {
    if (!ackedSeqs.has(entry.channel)) ackedSeqs.set(entry.channel, new Set());
    ackedSeqs.get(entry.channel).add(ack.seq);
    const shown = channels.get(entry.channel)?.bySeq.get(ack.seq);
    if (shown && !shown.querySelector('.delivered')) shown.querySelector('.message-head').append(deliveredMark());
    const list = outbox.get(entry.channel) ?? [];
    if (list.includes(entry)) list.splice(list.indexOf(entry), 1);
    renderOutbox();
  }, (e) => {
    entry.state = 'failed';
    entry.error = e.code === 'closed' ? 'not sent: disconnected' : `not sent: ${e.message}`;
    renderOutbox();
  });
}

function renderOutbox() {
  const entries = outbox.get(current) ?? [];
  el.outbox.replaceChildren(...entries.map((entry) => {
    const li = document.createElement('li');
    li.className = `message mine outgoing ${entry.state}`;
    const head = document.createElement('div');
    head.className = 'message-head';
    const from = document.createElement('span');
    from.className = 'from';
    from.textContent = me?.username ?? '';
    const state = document.createElement('span');
    state.className = `state ${entry.state}`;
    state.textContent = entry.state === 'pending' ? 'sending…' : entry.error;
    head.append(from, state);
    if (entry.state === 'failed') {
      const retry = document.createElement('button');
      retry.type = 'button';
      retry.className = 'quiet retry';
      retry.textContent = 'Retry';
      retry.addEventListener('click', () => send(entry));
      head.append(retry);
    }
    const text = document.createElement('p');
    text.className = 'text';
    text.textContent = entry.text;
    li.append(head, text);
    return li;
  }));
}

// --- presence ---------------------------------------------------------------------------------

function onPresence(p) {
  const ch = channels.get(p.channel);
  if (!ch) return;
  if (p.join) ch.presence.add(p.join.user);
  if (p.leave) ch.presence.delete(p.leave.user);
  if (p.channel === current) {
    renderPresence();
    announce(p.join ? `${p.join.user} joined #${p.channel}` : `${p.leave.user} left #${p.channel}`);
  }
}

function renderPresence() {
  const ch = channels.get(current);
  const users = ch ? [...ch.presence].sort((a, b) => a.localeCompare(b)) : [];
  el.presence.replaceChildren(...users.map((user) => {
    const li = document.createElement('li');
    li.className = 'person';
    li.dataset.user = user;
    const dot = document.createElement('span');
    dot.className = 'dot';
    dot.setAttribute('aria-hidden', 'true');
    const name = document.createElement('span');
    name.textContent = user === me?.username ? `${user} (you)` : user;
    li.append(dot, name);
    return li;
  }));
  el.presenceSummary.textContent = users.length === 1 ? '1 person here' : `${users.length} people here`;
}

init();
