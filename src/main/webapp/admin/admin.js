// The admin console: live numbers from the /admin/live socket, tables paged by the server, and
// actions through the HTTP API, each confirmed in a <dialog> first. Text goes in by textContent only.
import uPlot from '../webjars/uplot/1.6.30/dist/uPlot.esm.js';

const PAGE = 50;
const HISTORY_POINTS = 300; // five minutes at one snapshot a second
const $ = (id) => document.getElementById(id);
const api = (path) => new URL('../api/' + path, document.baseURI).href;

// ------------------------------------------------------------------ HTTP

async function call(method, path, body) {
    const init = {method, headers: {}, credentials: 'same-origin'};
    if (body !== undefined) {
        init.headers['Content-Type'] = 'application/json';
        init.body = JSON.stringify(body);
    }
    const response = await fetch(api(path), init);
    if (response.status === 401) {
        location.href = new URL('../', document.baseURI).href;
        throw new Error('logged out');
    }
    const text = await response.text();
    const json = text ? JSON.parse(text) : null;
    if (!response.ok) {
        throw new Error((json && json.message) || ('HTTP ' + response.status));
    }
    return json;
}

function toast(message, failed) {
    const box = $('toast');
    box.textContent = message;
    box.className = failed ? 'failed' : '';
    box.hidden = false;
    clearTimeout(toast.timer);
    toast.timer = setTimeout(() => { box.hidden = true; }, 5000);
}

// ------------------------------------------------------------------ confirmation

function confirmAction(text) {
    const dialog = $('confirm');
    $('confirm-text').textContent = text;
    return new Promise((resolve) => {
        dialog.addEventListener('close', () => resolve(dialog.returnValue === 'ok'), {once: true});
        dialog.returnValue = 'cancel';
        dialog.showModal();
        $('confirm-cancel').focus();
    });
}

/** Asks, then runs the action, reports the outcome, and refreshes what it changed and the audit log. */
async function act(question, action, done, refresh) {
    if (!(await confirmAction(question))) {
        return;
    }
    try {
        const result = await action();
        toast(typeof done === 'function' ? done(result) : done);
    } catch (e) {
        toast(e.message, true);
    }
    await Promise.all([...(refresh || []).map((r) => r()), loadAudit()]);
}

// ------------------------------------------------------------------ table helpers

function cell(row, text) {
    const td = document.createElement('td');
    td.textContent = text === null || text === undefined ? '–' : String(text);
    row.appendChild(td);
    return td;
}

function button(td, label, onClick, danger) {
    const b = document.createElement('button');
    b.type = 'button';
    b.textContent = label;
    if (danger) {
        b.className = 'danger';
    }
    b.addEventListener('click', onClick);
    td.appendChild(b);
    return b;
}

function fill(tbody, rows, render, empty) {
    const fragment = document.createDocumentFragment();
    for (const r of rows) {
        const tr = document.createElement('tr');
        render(tr, r);
        fragment.appendChild(tr);
    }
    if (rows.length === 0) {
        const tr = document.createElement('tr');
        const td = cell(tr, empty);
        td.colSpan = 9;
        td.className = 'muted';
        fragment.appendChild(tr);
    }
    tbody.replaceChildren(fragment);
}

const time = (millis) => millis ? new Date(millis).toLocaleString() : '–';

/** A table paged and filtered on the server: {@code load} fetches one page of it. */
function pagedTable(name, path, listKey, render) {
    const state = {offset: 0, filter: ''};
    async function load() {
        const query = new URLSearchParams({filter: state.filter, offset: state.offset, limit: PAGE});
        try {
            const page = await call('GET', path + '?' + query);
            const rows = page[listKey];
            fill($(name), rows, render, 'none');
            $(name + '-total').textContent = '(' + page.total + ')';
            $(name + '-range').textContent = rows.length === 0 ? '' : (state.offset + 1) + '–' + (state.offset + rows.length) + ' of ' + page.total;
            $(name + '-prev').disabled = state.offset === 0;
            $(name + '-next').disabled = state.offset + rows.length >= page.total;
        } catch (e) {
            toast(e.message, true);
        }
    }
    $(name + '-filter').addEventListener('submit', (event) => {
        event.preventDefault();
        state.filter = new FormData(event.target).get('filter').trim();
        state.offset = 0;
        load();
    });
    $(name + '-prev').addEventListener('click', () => { state.offset = Math.max(0, state.offset - PAGE); load(); });
    $(name + '-next').addEventListener('click', () => { state.offset += PAGE; load(); });
    return load;
}

// ------------------------------------------------------------------ tables

const loadConnections = pagedTable('connections', 'admin/connections', 'connections', (tr, c) => {
    cell(tr, c.user);
    cell(tr, c.address);
    cell(tr, c.origin);
    cell(tr, time(c.since));
    cell(tr, c.queuedBytes);
    cell(tr, c.channels);
    button(cell(tr, ''), 'Kick', () => kick(c.user), true).dataset.user = c.user;
});

const loadChannels = pagedTable('channels', 'admin/channels', 'channels', (tr, c) => {
    cell(tr, c.name);
    cell(tr, c.subscribers);
    cell(tr, c.seq);
    cell(tr, c.epoch);
    cell(tr, time(c.lastMessage));
    button(cell(tr, ''), 'Reset epoch', () => act(
        'Reset channel ' + c.name + '? Its history is deleted and clients cannot recover across the reset.',
        () => call('POST', 'channels/' + encodeURIComponent(c.name) + '/reset'),
        (r) => c.name + ' reset: epoch ' + r.epoch, [loadChannels]), true);
});

function kick(user) {
    return act('Kick ' + user + '? Every connection of ' + user + ' closes with 4003.',
        () => call('POST', 'admin/users/' + encodeURIComponent(user) + '/kick'),
        (r) => user + ' kicked (' + r.closed + ' connection(s) closed here)', [loadConnections]);
}

async function loadUsers() {
    try {
        const users = await call('GET', 'admin/users');
        fill($('users'), users, (tr, u) => {
            cell(tr, u.username);
            cell(tr, u.roles.join(', '));
            cell(tr, u.disabled ? 'disabled' : u.banned ? 'banned' : 'active');
            const actions = cell(tr, '');
            button(actions, 'Kick', () => kick(u.username), true);
            button(actions, u.banned ? 'Unban' : 'Ban', () => act(
                (u.banned ? 'Lift the ban on ' : 'Ban ') + u.username + '?' + (u.banned ? '' : ' Their connections close with 4003 and they cannot log in.'),
                () => call('PUT', 'admin/users/' + encodeURIComponent(u.username) + '/banned', {banned: !u.banned}),
                u.username + (u.banned ? ' unbanned' : ' banned'), [loadUsers, loadConnections]), !u.banned);
        }, 'none');
    } catch (e) {
        toast(e.message, true);
    }
}

async function loadKeys() {
    try {
        const keys = await call('GET', 'admin/api-keys');
        fill($('keys'), keys, (tr, k) => {
            cell(tr, k.name);
            cell(tr, k.roles.join(', '));
            cell(tr, k.revoked ? 'revoked' : 'active');
            const actions = cell(tr, '');
            if (!k.revoked) {
                button(actions, 'Revoke', () => act('Revoke the API key ' + k.name + '? Its connections close and its requests are refused.',
                    () => call('DELETE', 'admin/api-keys/' + encodeURIComponent(k.name)),
                    k.name + ' revoked', [loadKeys]), true);
            }
        }, 'none');
    } catch (e) {
        toast(e.message, true);
    }
}

const audit = {before: null};
async function loadAudit() {
    try {
        const query = new URLSearchParams({limit: PAGE});
        if (audit.before) {
            query.set('before', audit.before);
        }
        const rows = await call('GET', 'admin/audit?' + query);
        fill($('audit'), rows, (tr, e) => {
            cell(tr, time(e.at));
            cell(tr, e.actor);
            cell(tr, e.action);
            cell(tr, e.target);
            cell(tr, e.detail);
            cell(tr, e.address);
        }, 'nothing yet');
        $('audit-older').disabled = rows.length < PAGE;
        $('audit-older').dataset.last = rows.length ? rows[rows.length - 1].id : '';
    } catch (e) {
        toast(e.message, true);
    }
}
$('audit-older').addEventListener('click', () => { audit.before = $('audit-older').dataset.last || null; loadAudit(); });
$('audit-newest').addEventListener('click', () => { audit.before = null; loadAudit(); });

// ------------------------------------------------------------------ forms

$('create-user').addEventListener('submit', (event) => {
    event.preventDefault();
    const form = event.target;
    const data = new FormData(form);
    const username = data.get('username');
    act('Create the ' + data.get('role') + ' ' + username + '?',
        () => call('POST', 'admin/users', {username, password: data.get('password'), roles: [data.get('role')]}),
        username + ' created', [loadUsers]).then(() => form.reset());
});

$('create-key').addEventListener('submit', (event) => {
    event.preventDefault();
    const form = event.target;
    const data = new FormData(form);
    const name = data.get('name');
    act('Create an API key ' + name + ' with the ' + data.get('role') + ' role?',
        async () => {
            const issued = await call('POST', 'admin/api-keys', {name, roles: [data.get('role')]});
            $('new-key-value').textContent = issued.key;
            $('new-key').hidden = false;
            return issued;
        },
        name + ' created; copy the key now', [loadKeys]).then(() => form.reset());
});

$('delete-message').addEventListener('submit', (event) => {
    event.preventDefault();
    const data = new FormData(event.target);
    const channel = data.get('channel');
    const seq = data.get('seq');
    act('Delete message ' + seq + ' of ' + channel + '? Subscribers are told and history shows it deleted.',
        () => call('DELETE', 'channels/' + encodeURIComponent(channel) + '/messages/' + encodeURIComponent(seq)),
        'message ' + seq + ' of ' + channel + ' deleted', []);
});

$('logout').addEventListener('click', async () => {
    try {
        await call('POST', 'logout');
    } finally {
        location.href = new URL('../', document.baseURI).href;
    }
});

// ------------------------------------------------------------------ live numbers and charts

const series = {t: [], connections: [], in: [], out: [], p50: [], p99: []};
let latest = null;
let drawScheduled = false;

function chart(id, labels, colors) {
    const target = $(id);
    const options = {
        width: Math.max(280, target.clientWidth || 360), height: 160,
        legend: {show: true},
        series: [{}, ...labels.map((label, i) => ({label, stroke: colors[i], width: 1.5}))],
        axes: [{}, {size: 50}],
    };
    return new uPlot(options, [[], ...labels.map(() => [])], target);
}

const charts = {
    connections: chart('chart-connections', ['connections'], ['#2563eb']),
    messages: chart('chart-messages', ['in/s', 'out/s'], ['#059669', '#d97706']),
    latency: chart('chart-latency', ['p50', 'p99'], ['#7c3aed', '#dc2626']),
};

function push(name, value) {
    const list = series[name];
    list.push(value);
    if (list.length > HISTORY_POINTS) {
        list.shift();
    }
}

function counts(tbody, map) {
    const entries = Object.entries(map || {});
    fill(tbody, entries, (tr, [code, n]) => { cell(tr, code); cell(tr, n); }, 'none');
}

const ms = (seconds) => (seconds * 1000).toFixed(1) + ' ms';

// One redraw per animation frame at most, of the newest snapshot only: a burst of snapshots (a
// tab in the background, a slow machine) costs one draw, not one per snapshot.
function draw() {
    drawScheduled = false;
    const started = performance.now();
    const s = latest;
    $('n-connections').textContent = s.connections;
    $('n-in').textContent = s.messagesInPerSecond;
    $('n-out').textContent = s.messagesOutPerSecond;
    $('n-p50').textContent = ms(s.latencyP50Seconds);
    $('n-p99').textContent = ms(s.latencyP99Seconds);
    $('n-slow').textContent = s.slowConsumerCloses;
    $('n-limited').textContent = s.rateLimitedFrames;
    counts($('errors'), s.errorsByCode);
    counts($('closes'), s.closesByCode);
    fill($('members'), s.members, (tr, m) => {
        cell(tr, m.name + (m.self ? ' (this one)' : ''));
        cell(tr, m.address);
        cell(tr, m.connections);
    }, 'none');
    charts.connections.setData([series.t, series.connections]);
    charts.messages.setData([series.t, series.in, series.out]);
    charts.latency.setData([series.t, series.p50, series.p99]);
    // Marks for measuring the console (docs/performance.md); the timeline is kept short.
    if (performance.getEntriesByName('switchboard:first-snapshot').length === 0) {
        performance.mark('switchboard:first-snapshot');
    }
    if (performance.getEntriesByName('switchboard:draw').length >= 600) {
        performance.clearMeasures('switchboard:draw');
    }
    performance.measure('switchboard:draw', {start: started, end: performance.now()});
}

function snapshot(s) {
    push('t', s.at / 1000);
    push('connections', s.connections);
    push('in', s.messagesInPerSecond);
    push('out', s.messagesOutPerSecond);
    push('p50', s.latencyP50Seconds * 1000);
    push('p99', s.latencyP99Seconds * 1000);
    latest = s;
    if (!drawScheduled) {
        drawScheduled = true;
        requestAnimationFrame(draw);
    }
}

function setState(text, ok) {
    const state = $('live-state');
    state.textContent = text;
    state.className = 'state ' + (ok ? 'ok' : 'down');
}

let retry = 1000;
function connect() {
    const url = new URL('live', document.baseURI);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    const socket = new WebSocket(url.href);
    socket.addEventListener('open', () => { setState('live', true); retry = 1000; });
    socket.addEventListener('message', (event) => snapshot(JSON.parse(event.data)));
    socket.addEventListener('close', (event) => {
        setState('disconnected (' + event.code + '), retrying…', false);
        setTimeout(connect, retry);
        retry = Math.min(retry * 2, 30000);
    });
}

async function start() {
    try {
        const me = await call('GET', 'me');
        $('me').textContent = me.username;
    } catch (e) {
        toast(e.message, true);
    }
    connect();
    await Promise.all([loadConnections(), loadChannels(), loadUsers(), loadKeys(), loadAudit()]);
    performance.mark('switchboard:tables-loaded');
    document.body.dataset.loaded = 'true';
}

start();
