package io.switchboard.client;

import jakarta.json.JsonValue;
import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;
import org.glassfish.tyrus.client.ClientManager;
import org.glassfish.tyrus.client.ClientProperties;
import org.glassfish.tyrus.core.HandshakeException;

/**
 * One resilient connection to a Switchboard hub, speaking protocol v1 (README, "Protocol v1
 * reference"). It reconnects with backoff and full jitter, resubscribes every channel with
 * {@code since} from the last message it handed to the handler, resends unacknowledged requests
 * with their original ids (the hub deduplicates publishes), probes a silent connection with a
 * ping, and stops trying for a cool-down after too many failed attempts in a row.
 *
 * <p>Thread-safe. Handlers, listeners and the stages of the futures it returns run on one thread
 * of the client's own, one at a time, in the order the frames arrived. {@link #close()} (or a
 * final close by the hub) ends its threads.
 */
public final class SwitchboardClient implements AutoCloseable {

    /** The subprotocol offered at the handshake by default ({@link Encoding#JSON}). */
    public static final String PROTOCOL = "switchboard.v1";

    private static final System.Logger LOG = System.getLogger(SwitchboardClient.class.getName());
    private static final Pattern CHANNEL = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private final ClientSettings settings;
    private final Encoding encoding;
    private final URI wsUri;
    private final String origin;
    private final HttpLogin login;
    private final String apiKey;
    private final String idPrefix;
    private final AtomicLong ids = new AtomicLong();
    private final LongSupplier clock = System::nanoTime;
    private final Backoff backoff;
    private final EventDispatcher events;
    private final ScheduledThreadPoolExecutor scheduler;
    private final ClientManager tyrus;
    private final Handshake handshake = new Handshake();
    private final ClientEndpointConfig endpointConfig;
    private final List<Consumer<StateChange>> stateListeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<ServerFrame>> frameListeners = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Void> firstConnection = new CompletableFuture<>();
    private final AtomicLong droppedEvents = new AtomicLong();

    // Everything below is guarded by `lock`. No code holding it blocks: sends are asynchronous,
    // logins and handshakes run on the scheduler thread outside it.
    private final Object lock = new Object();
    private final CircuitBreaker breaker;
    private final Map<String, ChannelSubscription> subs = new LinkedHashMap<>();
    private final PendingRequests pending;
    private ConnectionState state = ConnectionState.NEW;
    private boolean stopped;
    /** Bumped when a connection or attempt is abandoned, so its late callbacks are ignored. */
    private long generation;
    private Session current;
    private long openedAt;
    private long lastReceived;
    private long pingSentAt;
    private int attempt;
    private boolean needLogin;
    private ScheduledFuture<?> reconnectTask;
    private ScheduledFuture<?> tickTask;

    private SwitchboardClient(Builder b) {
        this.settings = b.settings();
        this.encoding = b.encoding;
        this.wsUri = b.wsUri();
        this.origin = b.origin != null ? b.origin : originOf(b.url);
        this.apiKey = b.apiKey;
        this.login = b.username == null ? null
                : new HttpLogin(baseUri(b.url), origin, b.username, b.password, settings.connectTimeout(), b.savedLogin);
        byte[] random = new byte[8];
        new SecureRandom().nextBytes(random);
        this.idPrefix = b.idPrefix != null ? b.idPrefix : HexFormat.of().formatHex(random) + "-";
        SecureRandom jitter = new SecureRandom();
        this.backoff = new Backoff(settings.backoffBase(), settings.backoffCap(), jitter::nextDouble);
        this.breaker = new CircuitBreaker(settings.breakerThreshold(), settings.breakerCoolDown(), clock);
        this.pending = new PendingRequests(settings.maxPending());
        String name = "switchboard-client-" + INSTANCES.incrementAndGet();
        this.events = new EventDispatcher(settings.maxQueuedEvents(), name + "-events");
        this.scheduler = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, name + "-connect");
            t.setDaemon(true);
            return t;
        });
        scheduler.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        scheduler.setRemoveOnCancelPolicy(true);
        this.tyrus = ClientManager.createClient();
        tyrus.getProperties().put(ClientProperties.HANDSHAKE_TIMEOUT, settings.connectTimeout().toMillis());
        tyrus.getProperties().put(ClientProperties.INCOMING_BUFFER_SIZE, settings.maxFrameBytes());
        tyrus.setDefaultMaxTextMessageBufferSize(settings.maxFrameBytes());
        tyrus.setDefaultMaxBinaryMessageBufferSize(settings.maxFrameBytes());
        this.endpointConfig = ClientEndpointConfig.Builder.create()
                .preferredSubprotocols(List.of(encoding.subprotocol()))
                .configurator(handshake)
                .build();
        b.stateListeners.forEach(stateListeners::add);
        b.frameListeners.forEach(frameListeners::add);
    }

    /** Starts building a client of the hub at {@code url}, its HTTP base: {@code http://host:port/} (or with a context path). */
    public static Builder builder(String url) {
        return new Builder(URI.create(url));
    }

    public static Builder builder(URI url) {
        return new Builder(url);
    }

    /**
     * Logs in to the hub at {@code url} (its HTTP base, as for {@link #builder}) with
     * {@code POST /api/login} and returns the login's cookies, for {@link Builder#savedLogin} in this
     * process or a later one.
     *
     * @throws SwitchboardException {@link SwitchboardException#UNAUTHORIZED} when the hub refused the
     *                              credentials or the Origin (401, 403, 400)
     * @throws IOException          when the hub could not be reached or answered otherwise (429, 5xx)
     */
    public static SavedLogin logIn(URI url, String username, String password, Duration timeout)
            throws IOException, InterruptedException {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        checkHttp(url);
        HttpLogin login = new HttpLogin(baseUri(url), originOf(url), username, password, timeout);
        try {
            login.login();
        } catch (HttpLogin.RefusedException e) {
            throw new SwitchboardException(SwitchboardException.UNAUTHORIZED, e.getMessage(), null);
        }
        SavedLogin saved = login.saved();
        if (saved == null) {
            throw new IOException("the login of " + username + " at " + url + " set no cookie");
        }
        return saved;
    }

    /**
     * Ends a saved login on the hub ({@code POST /api/logout}): its connections close with 4001 and
     * its cookies restore nothing any more. False when the hub answered anything but 204.
     *
     * @throws IOException when the hub could not be reached
     */
    public static boolean logOut(URI url, SavedLogin saved, Duration timeout) throws IOException, InterruptedException {
        Objects.requireNonNull(saved, "saved");
        checkHttp(url);
        return new HttpLogin(baseUri(url), originOf(url), saved.username(), null, timeout, saved).logout();
    }

    // --- the application's side -------------------------------------------------------------------

    /**
     * Opens the connection (logging in first with a password) and keeps it open until
     * {@link #close()}. The future completes at the first connection, or fails when the client
     * closes for good before one (a refused login or key, a final close code).
     */
    public CompletableFuture<Void> connect() {
        synchronized (lock) {
            if (stopped) {
                return CompletableFuture.failedFuture(closedError(null, 0, "the client is closed"));
            }
            if (state == ConnectionState.NEW) {
                state = ConnectionState.CONNECTING;
                scheduler.execute(this::attempt);
                long tick = tickMillis();
                tickTask = scheduler.scheduleWithFixedDelay(this::tick, tick, tick, TimeUnit.MILLISECONDS);
            }
        }
        return firstConnection.copy();
    }

    /** {@link #subscribe(String, Position, ChannelHandler)} from the channel's current end. */
    public CompletableFuture<ServerFrame.Subscribed> subscribe(String channel, ChannelHandler handler) {
        return subscribe(channel, null, handler);
    }

    /**
     * Joins {@code channel}; {@code handler} gets its events from the first {@code subscribed} on,
     * across reconnects. With {@code since} (a {@link #position} saved earlier) the hub first sends
     * what was missed after it. The future completes with the first {@code subscribed}; it fails
     * with the hub's error code (e.g. {@code forbidden}), or {@link SwitchboardException#LIMIT_EXCEEDED}
     * beyond {@code maxSubscriptions}.
     *
     * @throws IllegalArgumentException for a bad channel name
     * @throws IllegalStateException    when already subscribed to {@code channel}
     */
    public CompletableFuture<ServerFrame.Subscribed> subscribe(String channel, Position since, ChannelHandler handler) {
        checkChannel(channel);
        Objects.requireNonNull(handler, "handler");
        synchronized (lock) {
            if (stopped) {
                return CompletableFuture.failedFuture(closedError(null, 0, "the client is closed"));
            }
            if (subs.containsKey(channel)) {
                throw new IllegalStateException("already subscribed to " + channel + "; unsubscribe first");
            }
            if (subs.size() >= settings.maxSubscriptions()) {
                return CompletableFuture.failedFuture(new SwitchboardException(SwitchboardException.LIMIT_EXCEEDED,
                        "already subscribed to " + subs.size() + " channels (maxSubscriptions)", null));
            }
            ChannelSubscription sub = new ChannelSubscription(channel, handler, since);
            subs.put(channel, sub);
            if (current != null) {
                send(sub.subscribeFrame(nextId(), clock.getAsLong()));
            }
            return sub.first.copy();
        }
    }

    /** Leaves {@code channel}: its handler gets nothing more. False when not subscribed. */
    public boolean unsubscribe(String channel) {
        synchronized (lock) {
            ChannelSubscription sub = subs.remove(channel);
            if (sub == null) {
                return false;
            }
            if (!sub.first.isDone()) {
                SwitchboardException gone = new SwitchboardException("unsubscribed", "unsubscribed from " + channel, null);
                events.complete(() -> sub.first.completeExceptionally(gone));
            }
            // the hub keeps no subscription of a connection that is gone: nothing to tell it then
            send(ClientFrames.unsubscribe(channel, nextId()));
            return true;
        }
    }

    /** Publishes {@code data} under a new id; see {@link #publish(String, JsonValue, String)}. */
    public CompletableFuture<ServerFrame.Ack> publish(String channel, JsonValue data) {
        return publish(channel, data, null);
    }

    /**
     * Publishes {@code data} (any JSON value, {@link JsonValue#NULL} included) to {@code channel}.
     * The future completes with the {@code ack} once the hub stored the message; until then the
     * publish is sent again after each reconnect, and after a refusal for now
     * ({@code rate_limited}, {@code unavailable}), with the same id, so it is stored once. It fails
     * with the hub's error code for other refusals, with {@link SwitchboardException#LIMIT_EXCEEDED}
     * when {@code maxPending} requests already wait, and with {@link SwitchboardException#CLOSED}.
     *
     * @param id the message's id for deduplication (unique per sender), or {@code null} for a new one;
     *           publishing an id still waiting returns that publish's future
     */
    public CompletableFuture<ServerFrame.Ack> publish(String channel, JsonValue data, String id) {
        checkChannel(channel);
        Objects.requireNonNull(data, "data (use JsonValue.NULL for null)");
        return request("publish", ServerFrame.Ack.class, id, rid -> ClientFrames.publish(channel, data, rid));
    }

    /**
     * A page of {@code channel}'s stored messages, ascending: those below seq {@code before} (0:
     * up to the newest), at most {@code limit} (0: the hub's cap). Needs the right to subscribe,
     * not a subscription.
     */
    public CompletableFuture<ServerFrame.History> history(String channel, long before, int limit) {
        checkChannel(channel);
        if (before < 0 || limit < 0) {
            throw new IllegalArgumentException("before and limit must be 0 (none) or more");
        }
        return request("history", ServerFrame.History.class, null, rid -> ClientFrames.history(channel, before, limit, rid));
    }

    /** A round trip to the hub. */
    public CompletableFuture<ServerFrame.Pong> ping() {
        return request("ping", ServerFrame.Pong.class, null, ClientFrames::ping);
    }

    /** {@code data} sent to the hub and back. */
    public CompletableFuture<ServerFrame.Echo> echo(JsonValue data) {
        Objects.requireNonNull(data, "data (use JsonValue.NULL for null)");
        return request("echo", ServerFrame.Echo.class, null, rid -> ClientFrames.echo(data, rid));
    }

    /**
     * The users in {@code channel} as of the last {@code subscribed} and presence frames: empty
     * when not subscribed (yet) or when the channel's policy turns presence off.
     */
    public List<String> presence(String channel) {
        synchronized (lock) {
            ChannelSubscription sub = subs.get(channel);
            return sub == null ? List.of() : sub.presence();
        }
    }

    /** Where {@code channel}'s stream stands, to resume from after a restart of the application. */
    public Optional<Position> position(String channel) {
        synchronized (lock) {
            ChannelSubscription sub = subs.get(channel);
            return Optional.ofNullable(sub == null ? null : sub.position());
        }
    }

    public ConnectionState state() {
        synchronized (lock) {
            return state;
        }
    }

    /**
     * The login's cookies as they stand now, to save for a later process: a handshake that restored
     * the login from {@code SBLOGIN} (after a server restart) replaced the session's cookie. Empty
     * for an API key.
     */
    public Optional<SavedLogin> savedLogin() {
        return Optional.ofNullable(login == null ? null : login.saved());
    }

    /** Requests waiting for their reply. */
    public int pendingCount() {
        synchronized (lock) {
            return pending.size();
        }
    }

    /** Events for frame and state listeners dropped because {@code maxQueuedEvents} were waiting. */
    public long droppedEvents() {
        return droppedEvents.get();
    }

    /** Calls {@code listener} on each state change; the returned action removes it. */
    public Runnable onState(Consumer<StateChange> listener) {
        stateListeners.add(Objects.requireNonNull(listener));
        return () -> stateListeners.remove(listener);
    }

    /**
     * Calls {@code listener} with every frame the hub sends, as it arrives (including ones the
     * client drops as already seen); the returned action removes it.
     */
    public Runnable onFrame(Consumer<ServerFrame> listener) {
        frameListeners.add(Objects.requireNonNull(listener));
        return () -> frameListeners.remove(listener);
    }

    /**
     * Closes the connection with 1000, fails what still waits with {@link SwitchboardException#CLOSED},
     * and ends the client's threads (after the last events ran). Idempotent.
     */
    @Override
    public void close() {
        Session session;
        synchronized (lock) {
            session = current;
            if (!stopped) {
                generation++;
                current = null;
                terminate(CloseCode.NORMAL_CLOSURE.code(), "closed by the client", 0);
            }
        }
        if (session != null) {
            closeQuietly(session, CloseReason.CloseCodes.NORMAL_CLOSURE, "client closed");
        }
        try {
            if (!scheduler.awaitTermination(settings.connectTimeout().toMillis() + 5000, TimeUnit.MILLISECONDS)) {
                scheduler.shutdownNow();
            }
            if (!events.isDispatchThread()) {
                events.awaitTermination(10_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // --- requests -----------------------------------------------------------------------------------

    private interface FrameForId {
        jakarta.json.JsonObject frame(String id);
    }

    @SuppressWarnings("unchecked")
    private <T extends ServerFrame> CompletableFuture<T> request(String kind, Class<T> reply, String id, FrameForId frame) {
        synchronized (lock) {
            if (stopped) {
                return CompletableFuture.failedFuture(closedError(id, 0, "the client is closed"));
            }
            if (id != null) {
                PendingRequests.Pending same = pending.get(id);
                if (same != null) {
                    if (!same.kind.equals(kind)) {
                        throw new IllegalArgumentException("id " + id + " is already used by a waiting " + same.kind);
                    }
                    return (CompletableFuture<T>) (CompletableFuture<?>) same.reply;
                }
            }
            String rid = id != null ? id : nextId();
            PendingRequests.Pending p = pending.add(rid, kind, frame.frame(rid));
            if (p == null) {
                return CompletableFuture.failedFuture(new SwitchboardException(SwitchboardException.LIMIT_EXCEEDED,
                        pending.limit() + " requests are already waiting for a reply (maxPending)", rid));
            }
            p.expected = reply;
            if (current != null) {
                p.sentAt = clock.getAsLong();
                send(p.frame);
            }
            return (CompletableFuture<T>) (CompletableFuture<?>) p.reply;
        }
    }

    // --- connecting -----------------------------------------------------------------------------------

    /** One attempt, on the scheduler thread: log in if needed, then the handshake (both blocking, outside the lock). */
    private void attempt() {
        long gen;
        boolean relogin;
        synchronized (lock) {
            reconnectTask = null;
            if (stopped) {
                return;
            }
            if (!breaker.tryAcquire()) {
                scheduleReconnect(CloseCode.ABNORMAL, "circuit breaker open", 0, false, Duration.ZERO);
                return;
            }
            gen = ++generation;
            relogin = login != null && (needLogin || !login.hasSession());
            setState(new StateChange(ConnectionState.CONNECTING, 0, "", 0, true, attempt, Duration.ZERO));
        }
        try {
            if (relogin) {
                login.login();
                synchronized (lock) {
                    needLogin = false;
                }
            }
            tyrus.connectToServer(new Connection(gen), endpointConfig, wsUri);
        } catch (HttpLogin.RefusedException e) {
            synchronized (lock) {
                if (gen == generation && !stopped) {
                    terminate(CloseCode.ABNORMAL, e.getMessage(), e.status);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            int status = httpStatus(e);
            String reason = status > 0 ? "handshake answered " + status : String.valueOf(rootCause(e).getMessage());
            Duration retryAfter = status > 0 ? handshake.retryAfter() : Duration.ZERO;
            if (!retryAfter.isZero()) {
                reason += ", Retry-After " + retryAfter.toSeconds() + " s";
            }
            synchronized (lock) {
                if (gen == generation && !stopped && current == null) {
                    attemptFailed(status, reason, retryAfter);
                }
            }
        }
    }

    private void attemptFailed(int status, String reason, Duration retryAfter) {
        if (status == 401 && (login == null || !login.canLogIn()) || status == 403) {
            // a refused key or saved login, a forbidden origin, a ban: trying again unchanged fails again
            terminate(CloseCode.ABNORMAL, reason, status);
            return;
        }
        if (status == 401) {
            needLogin = true; // the session ended (or the server restarted and forgot it)
        }
        breaker.failure();
        scheduleReconnect(CloseCode.ABNORMAL, reason, status, true, retryAfter);
    }

    /** @param atLeast the shortest delay the server asked for (its {@code Retry-After}), else zero */
    private void scheduleReconnect(int code, String reason, int status, boolean countAttempt, Duration atLeast) {
        Duration delay = backoff.delay(attempt);
        if (atLeast.compareTo(delay) > 0) {
            delay = atLeast;
        }
        if (countAttempt) {
            attempt++;
        }
        ConnectionState next = ConnectionState.WAITING;
        Duration coolDown = breaker.untilTrial();
        if (!coolDown.isZero()) {
            next = ConnectionState.SUSPENDED;
            delay = coolDown.compareTo(delay) > 0 ? coolDown : delay;
        }
        setState(new StateChange(next, code, reason, status, true, attempt, delay));
        // in nanoseconds: a delay cut to whole milliseconds could wake before the breaker's cool-down ends
        reconnectTask = scheduler.schedule(this::attempt, delay.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** The handshake succeeded: resubscribe first, then resend, in the order the requests were made. */
    private void opened(long gen, Session session) {
        synchronized (lock) {
            if (stopped || gen != generation) {
                closeLater(session, CloseReason.CloseCodes.NORMAL_CLOSURE, "client closed");
                return;
            }
            String answered = session.getNegotiatedSubprotocol() == null ? "" : session.getNegotiatedSubprotocol();
            // No answer means v1 (README, "Connecting"); a hub that does not know MessagePack answers none.
            if (!answered.equals(encoding.subprotocol()) && !(answered.isEmpty() && encoding == Encoding.JSON)) {
                refuse(gen, session, CloseCode.UNSUPPORTED_PROTOCOL.code(), "the hub answered subprotocol '"
                        + answered + "' to an offer of " + encoding.subprotocol());
                return;
            }
            long now = clock.getAsLong();
            current = session;
            openedAt = now;
            lastReceived = now;
            pingSentAt = 0;
            breaker.success();
            // The hub handles a connection's requests in order, so a resent publish to a channel
            // comes back as a message after the recovered ones.
            for (ChannelSubscription sub : subs.values()) {
                send(sub.subscribeFrame(nextId(), now));
            }
            for (PendingRequests.Pending p : pending.inOrder()) {
                p.sentAt = now;
                p.retryAt = 0;
                send(p.frame);
            }
            setState(new StateChange(ConnectionState.CONNECTED, 0, "", 0, true, attempt, Duration.ZERO));
            if (!firstConnection.isDone()) {
                events.complete(() -> firstConnection.complete(null));
            }
        }
    }

    private void lost(long gen, int code, String reason) {
        synchronized (lock) {
            if (gen != generation) {
                return;
            }
            generation++;
            current = null;
            long now = clock.getAsLong();
            if (openedAt != 0 && now - openedAt >= settings.stableAfter().toNanos()) {
                attempt = 0;
            }
            openedAt = 0;
            pingSentAt = 0;
            subs.values().forEach(ChannelSubscription::connectionGone);
            for (PendingRequests.Pending p : pending.inOrder()) {
                p.sentAt = 0;
                p.retryAt = 0;
            }
            if (stopped) {
                return;
            }
            String why = reason == null || reason.isEmpty() ? CloseCode.of(code).map(CloseCode::reason).orElse("") : reason;
            if (!CloseCode.reconnects(code)) {
                terminate(code, why, 0);
            } else {
                scheduleReconnect(code, why, 0, true, Duration.ZERO);
            }
        }
    }

    /**
     * Ends the client over a connection that does not speak the encoding it was built for: every
     * connection to that hub would do the same, so there is no reconnect.
     */
    private void refuse(long gen, Session session, int code, String reason) {
        LOG.log(Level.WARNING, "closing the connection: {0}", reason);
        // queued before lost() ends the threads; its onClose finds the generation moved on
        closeLater(session, CloseReason.CloseCodes.getCloseCode(code), reason);
        lost(gen, code, reason);
    }

    /** Gives up on the current connection without waiting for its close, which a dead network may delay for minutes. */
    private void abandon(String reason) {
        Session session = current;
        lost(generation, CloseCode.ABNORMAL, reason);
        if (session != null) {
            closeLater(session, CloseReason.CloseCodes.GOING_AWAY, reason);
        }
    }

    /** Heartbeat and resends, every few hundred milliseconds on the scheduler thread. */
    private void tick() {
        synchronized (lock) {
            if (current == null || stopped) {
                return;
            }
            long now = clock.getAsLong();
            if (pingSentAt != 0 && now - pingSentAt >= settings.pongTimeout().toNanos()) {
                abandon("no answer to a ping within " + settings.pongTimeout().toMillis() + " ms");
                return;
            }
            if (pingSentAt == 0 && now - lastReceived >= settings.pingAfter().toNanos()) {
                // the hub's WebSocket pings never reach an application: ask for traffic with a JSON ping
                pingSentAt = now;
                send(ClientFrames.ping(nextId()));
            }
            // The hub drops frames over its rate limit without always saying so, so a request can go
            // unanswered on a live connection; the same frame again is safe (publishes are deduplicated).
            long resend = settings.resendAfter().toNanos();
            for (ChannelSubscription sub : subs.values()) {
                if (!sub.live() && sub.requestId() != null && due(now, sub.sentAt(), sub.retryAt(), resend)) {
                    send(sub.resendFrame(now));
                }
            }
            for (PendingRequests.Pending p : pending.inOrder()) {
                if (p.sentAt != 0 && due(now, p.sentAt, p.retryAt, resend)) {
                    p.sentAt = now;
                    p.retryAt = 0;
                    send(p.frame);
                }
            }
        }
    }

    private static boolean due(long now, long sentAt, long retryAt, long resendAfter) {
        if (retryAt != 0) {
            return now - retryAt >= 0;
        }
        return resendAfter > 0 && now - sentAt >= resendAfter;
    }

    /** Final: no reconnect. Fails what waits, reports CLOSED, and lets the threads end. */
    private void terminate(int code, String reason, int status) {
        stopped = true;
        state = ConnectionState.CLOSED;
        if (reconnectTask != null) {
            reconnectTask.cancel(false);
        }
        if (tickTask != null) {
            tickTask.cancel(false);
        }
        for (PendingRequests.Pending p : pending.drain()) {
            SwitchboardException e = closedError(p.id, code, reason);
            events.complete(() -> p.reply.completeExceptionally(e));
        }
        for (ChannelSubscription sub : subs.values()) {
            if (!sub.first.isDone()) {
                SwitchboardException e = closedError(null, code, reason);
                events.complete(() -> sub.first.completeExceptionally(e));
            }
        }
        if (!firstConnection.isDone()) {
            SwitchboardException e = closedError(null, code, reason);
            events.complete(() -> firstConnection.completeExceptionally(e));
        }
        StateChange closed = new StateChange(ConnectionState.CLOSED, code, reason, status, false, attempt, Duration.ZERO);
        events.complete(() -> stateListeners.forEach(l -> l.accept(closed)));
        events.shutdown();
        scheduler.execute(tyrus::shutdown);
        scheduler.shutdown();
    }

    private static SwitchboardException closedError(String id, int code, String reason) {
        String why = code == 0 ? reason : "the connection closed with " + code + " " + reason;
        return new SwitchboardException(SwitchboardException.CLOSED, why.trim(), id, code);
    }

    // --- receiving ----------------------------------------------------------------------------------

    private void received(long gen, Session session, String text) {
        synchronized (lock) {
            if (gen != generation || current == null) {
                return;
            }
            if (encoding != Encoding.JSON) {
                refuse(gen, session, CloseCode.BINARY_NOT_SUPPORTED.code(), "a text frame on " + encoding.subprotocol());
                return;
            }
            lastReceived = clock.getAsLong();
            pingSentAt = 0;
            for (String line : FrameDecoder.lines(text)) {
                try {
                    Optional<ServerFrame> frame = FrameDecoder.decode(line);
                    if (frame.isPresent()) {
                        dispatch(frame.get());
                    }
                } catch (FrameDecoder.MalformedFrameException e) {
                    LOG.log(Level.WARNING, "ignored a line from the hub: {0}", e.getMessage());
                }
                if (gen != generation) {
                    return; // the connection was given up (the handlers fell behind)
                }
            }
        }
    }

    /** A binary frame: MessagePack objects back to back (README, "MessagePack frames"). */
    private void received(long gen, Session session, ByteBuffer payload) {
        synchronized (lock) {
            if (gen != generation || current == null) {
                return;
            }
            if (encoding != Encoding.MSGPACK) {
                refuse(gen, session, CloseCode.BINARY_NOT_SUPPORTED.code(), "a binary frame on " + encoding.subprotocol());
                return;
            }
            lastReceived = clock.getAsLong();
            pingSentAt = 0;
            MsgpackCodec.Frame objects = new MsgpackCodec.Frame(payload);
            try {
                while (objects.hasNext()) {
                    JsonValue object = objects.next();
                    try {
                        FrameDecoder.decode(object).ifPresent(this::dispatch);
                    } catch (FrameDecoder.MalformedFrameException e) {
                        LOG.log(Level.WARNING, "ignored an object from the hub: {0}", e.getMessage());
                    }
                    if (gen != generation) {
                        return; // the connection was given up (the handlers fell behind)
                    }
                }
            } catch (FrameDecoder.MalformedFrameException e) {
                LOG.log(Level.WARNING, "ignored the rest of a frame from the hub: {0}", e.getMessage());
            }
        }
    }

    private void dispatch(ServerFrame frame) {
        if (frame instanceof ServerFrame.Message m) {
            ChannelSubscription sub = subs.get(m.channel());
            if (sub != null && sub.isNew(m.seq())) {
                if (channelEvent(sub, null, m)) {
                    sub.handled(m.seq());
                }
            } else {
                toListeners(m);
            }
        } else if (frame instanceof ServerFrame.Deleted d) {
            ChannelSubscription sub = subs.get(d.channel());
            if (sub != null && sub.live()) {
                // Above the last seq it stands for a message deleted before recovery delivered it.
                if (channelEvent(sub, null, d)) {
                    sub.handled(d.seq());
                }
            } else {
                toListeners(d);
            }
        } else if (frame instanceof ServerFrame.Presence p) {
            ChannelSubscription sub = subs.get(p.channel());
            if (sub != null && sub.live()) {
                sub.presence(p);
                channelEvent(sub, null, p);
            } else {
                toListeners(p);
            }
        } else if (frame instanceof ServerFrame.Subscribed s) {
            subscribed(s);
        } else if (frame instanceof ServerFrame.Error e) {
            error(e);
        } else if (frame instanceof ServerFrame.Ack a) {
            settle(a.id(), a);
        } else if (frame instanceof ServerFrame.History h) {
            settle(h.id(), h);
        } else if (frame instanceof ServerFrame.Pong p) {
            settle(p.id(), p);
        } else if (frame instanceof ServerFrame.Echo e) {
            settle(e.id(), e);
        } else {
            toListeners(frame); // broadcast, unsubscribed
        }
    }

    private void subscribed(ServerFrame.Subscribed frame) {
        ChannelSubscription sub = subs.get(frame.channel());
        if (sub == null || sub.live()) {
            toListeners(frame); // unsubscribed meanwhile, or the answer to a resent subscribe
            return;
        }
        ChannelSubscription.Outcome outcome = sub.onSubscribed(frame);
        if (outcome.lost() != null && !channelEvent(sub, outcome.lost(), null)) {
            return;
        }
        if (channelEvent(sub, null, frame) && !sub.first.isDone()) {
            events.complete(() -> sub.first.complete(frame));
        }
    }

    private void error(ServerFrame.Error e) {
        toListeners(e); // before the request's future fails, as settle() does for replies
        long now = clock.getAsLong();
        boolean forNow = "rate_limited".equals(e.code()) || "unavailable".equals(e.code());
        PendingRequests.Pending p = pending.get(e.id());
        if (p != null) {
            if (forNow) {
                p.retryAt = now + settings.retryDelay().toNanos();
            } else {
                pending.remove(e.id());
                SwitchboardException refused = new SwitchboardException(e.code(), e.message(), e.id());
                events.complete(() -> p.reply.completeExceptionally(refused));
            }
        } else if (e.id() != null) {
            for (ChannelSubscription sub : List.copyOf(subs.values())) {
                if (e.id().equals(sub.requestId())) {
                    if (forNow) {
                        sub.retryAt(now + settings.retryDelay().toNanos());
                    } else {
                        // refused for good: the next connection would be refused the same way
                        subs.remove(sub.channel);
                        SwitchboardException refused = new SwitchboardException(e.code(), e.message(), e.id());
                        events.complete(() -> sub.first.completeExceptionally(refused));
                    }
                }
            }
        }
    }

    /** Frame listeners are shown a reply before its future completes: both go through the one event queue, in order. */
    private void settle(String id, ServerFrame reply) {
        toListeners(reply);
        PendingRequests.Pending p = pending.get(id);
        if (p != null && p.expected.isInstance(reply)) {
            pending.remove(id);
            events.complete(() -> p.reply.complete(reply));
        }
    }

    /**
     * Queues a channel event (and the frame, for frame listeners). When the handlers are too far
     * behind, the connection is given up: the reconnect resumes the channel from the last event
     * queued, so nothing is lost, only delayed.
     */
    private boolean channelEvent(ChannelSubscription sub, RecoveryLost lost, ServerFrame frame) {
        ChannelEvent event = lost != null ? lost : (ChannelEvent) frame;
        List<Consumer<ServerFrame>> listeners = frame == null ? List.of() : List.copyOf(frameListeners);
        ChannelHandler handler = sub.handler;
        boolean queued = events.offerEvent(() -> {
            listeners.forEach(l -> l.accept(frame));
            if (isSubscribed(sub)) {
                handler.onEvent(event);
            }
        });
        if (!queued) {
            abandon("the handlers fell behind: " + settings.maxQueuedEvents() + " events wait (maxQueuedEvents)");
        }
        return queued;
    }

    private boolean isSubscribed(ChannelSubscription sub) {
        synchronized (lock) {
            return subs.get(sub.channel) == sub;
        }
    }

    private void toListeners(ServerFrame frame) {
        if (frameListeners.isEmpty()) {
            return;
        }
        List<Consumer<ServerFrame>> listeners = List.copyOf(frameListeners);
        if (!events.offerEvent(() -> listeners.forEach(l -> l.accept(frame)))) {
            droppedEvents.incrementAndGet();
        }
    }

    private void setState(StateChange change) {
        state = change.state();
        if (stateListeners.isEmpty()) {
            return;
        }
        if (!events.offerEvent(() -> stateListeners.forEach(l -> l.accept(change)))) {
            droppedEvents.incrementAndGet();
        }
    }

    // --- the socket -------------------------------------------------------------------------------

    private void send(jakarta.json.JsonObject frame) {
        Session session = current;
        if (session == null) {
            return;
        }
        try {
            jakarta.websocket.SendHandler done = result -> {
                if (!result.isOK()) {
                    LOG.log(Level.DEBUG, "a send failed; the reconnect resends", result.getException());
                }
            };
            if (encoding == Encoding.MSGPACK) {
                session.getAsyncRemote().sendBinary(ByteBuffer.wrap(MsgpackCodec.encode(frame)), done);
            } else {
                session.getAsyncRemote().sendText(frame.toString(), done);
            }
        } catch (RuntimeException e) {
            // the socket is closing: its close brings the reconnect that resends
            LOG.log(Level.DEBUG, "a send failed; the reconnect resends", e);
        }
    }

    private String nextId() {
        return idPrefix + ids.incrementAndGet();
    }

    private long tickMillis() {
        long shortest = Math.min(settings.pingAfter().toMillis(), settings.pongTimeout().toMillis());
        shortest = Math.min(shortest, settings.retryDelay().toMillis());
        if (!settings.resendAfter().isZero()) {
            shortest = Math.min(shortest, settings.resendAfter().toMillis());
        }
        return Math.max(20, Math.min(1000, shortest / 4));
    }

    /** Closes off the caller's thread: a close may wait for the network. */
    private void closeLater(Session session, CloseReason.CloseCode code, String reason) {
        try {
            scheduler.execute(() -> closeQuietly(session, code, reason));
        } catch (RejectedExecutionException stopped) {
            Thread t = new Thread(() -> closeQuietly(session, code, reason), "switchboard-client-close");
            t.setDaemon(true);
            t.start();
        }
    }

    private static void closeQuietly(Session session, CloseReason.CloseCode code, String reason) {
        try {
            session.close(new CloseReason(code, reason.length() > 100 ? reason.substring(0, 100) : reason));
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.DEBUG, "closing a connection failed", e);
        }
    }

    private static int httpStatus(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof HandshakeException h) {
                return h.getHttpStatusCode();
            }
        }
        return 0;
    }

    private static Throwable rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }

    private static void checkChannel(String channel) {
        if (channel == null || !CHANNEL.matcher(channel).matches()) {
            throw new IllegalArgumentException("channel must match [A-Za-z0-9._:-]{1,128}, not " + channel);
        }
    }

    private static void checkHttp(URI url) {
        Objects.requireNonNull(url, "url");
        if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme()) || url.getHost() == null) {
            throw new IllegalArgumentException("url must be the hub's http:// or https:// base, not " + url);
        }
    }

    private static URI baseUri(URI url) {
        String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        return url.resolve(path.endsWith("/") ? path : path + "/");
    }

    private static String originOf(URI url) {
        return url.getScheme() + "://" + url.getHost() + (url.getPort() > 0 ? ":" + url.getPort() : "");
    }

    /** Tyrus' callbacks for one connection; they only take the lock and never block. */
    private final class Connection extends Endpoint {
        private final long gen;

        Connection(long gen) {
            this.gen = gen;
        }

        @Override
        public void onOpen(Session session, EndpointConfig config) {
            session.setMaxTextMessageBufferSize(settings.maxFrameBytes());
            session.setMaxBinaryMessageBufferSize(settings.maxFrameBytes());
            session.addMessageHandler(String.class, (MessageHandler.Whole<String>) text -> received(gen, session, text));
            session.addMessageHandler(ByteBuffer.class,
                    (MessageHandler.Whole<ByteBuffer>) payload -> received(gen, session, payload));
            opened(gen, session);
        }

        @Override
        public void onClose(Session session, CloseReason reason) {
            lost(gen, reason.getCloseCode().getCode(), reason.getReasonPhrase());
        }

        @Override
        public void onError(Session session, Throwable error) {
            LOG.log(Level.DEBUG, "connection error; its close follows", error);
        }
    }

    /**
     * The handshake's credentials: the login's cookies or the API key, and the hub's Origin; and
     * the {@code Retry-After} of a refusal (429, 503). Handshakes run one at a time, on the
     * scheduler thread.
     */
    private final class Handshake extends ClientEndpointConfig.Configurator {
        /** The longest a server may ask the client to wait: a bigger value is taken as this. */
        private static final long MAX_RETRY_AFTER_SECONDS = 3600;

        private volatile Duration retryAfter = Duration.ZERO;
        private volatile CountDownLatch responded = new CountDownLatch(1);

        /**
         * The refused handshake's {@code Retry-After} in seconds, zero when it had none (or a date,
         * which the hub never sends). Tyrus fails the handshake before it shows the configurator the
         * response, so this waits (briefly) for that.
         */
        Duration retryAfter() {
            try {
                responded.await(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return retryAfter;
        }

        @Override
        public void beforeRequest(Map<String, List<String>> headers) {
            retryAfter = Duration.ZERO;
            responded = new CountDownLatch(1);
            headers.put("Origin", List.of(origin));
            if (apiKey != null) {
                headers.put("Authorization", List.of("Bearer " + apiKey));
            }
            if (login != null) {
                String cookie = login.cookieHeader();
                if (!cookie.isEmpty()) {
                    headers.put("Cookie", List.of(cookie));
                }
            }
        }

        @Override
        public void afterResponse(HandshakeResponse response) {
            response.getHeaders().forEach((name, values) -> {
                if ("retry-after".equalsIgnoreCase(name) && !values.isEmpty()) {
                    retryAfter = seconds(values.get(0));
                }
            });
            responded.countDown();
            if (login != null) {
                login.handshakeResponse(response.getHeaders());
            }
        }
    }

    private static Duration seconds(String retryAfter) {
        try {
            long seconds = Long.parseLong(retryAfter.trim());
            return seconds <= 0 ? Duration.ZERO : Duration.ofSeconds(Math.min(seconds, Handshake.MAX_RETRY_AFTER_SECONDS));
        } catch (NumberFormatException notSeconds) {
            return Duration.ZERO;
        }
    }

    /** Configures a {@link SwitchboardClient}; every setting has a default ({@link ClientSettings#DEFAULTS}). */
    public static final class Builder {
        private final URI url;
        private String origin;
        private String username;
        private String password;
        private String apiKey;
        private SavedLogin savedLogin;
        private String idPrefix;
        private Duration backoffBase = ClientSettings.DEFAULTS.backoffBase();
        private Duration backoffCap = ClientSettings.DEFAULTS.backoffCap();
        private Duration stableAfter = ClientSettings.DEFAULTS.stableAfter();
        private Duration pingAfter = ClientSettings.DEFAULTS.pingAfter();
        private Duration pongTimeout = ClientSettings.DEFAULTS.pongTimeout();
        private Duration connectTimeout = ClientSettings.DEFAULTS.connectTimeout();
        private Duration resendAfter = ClientSettings.DEFAULTS.resendAfter();
        private Duration retryDelay = ClientSettings.DEFAULTS.retryDelay();
        private int breakerThreshold = ClientSettings.DEFAULTS.breakerThreshold();
        private Duration breakerCoolDown = ClientSettings.DEFAULTS.breakerCoolDown();
        private int maxPending = ClientSettings.DEFAULTS.maxPending();
        private int maxSubscriptions = ClientSettings.DEFAULTS.maxSubscriptions();
        private int maxQueuedEvents = ClientSettings.DEFAULTS.maxQueuedEvents();
        private int maxFrameBytes = ClientSettings.DEFAULTS.maxFrameBytes();
        private Encoding encoding = Encoding.JSON;
        private final List<Consumer<StateChange>> stateListeners = new ArrayList<>();
        private final List<Consumer<ServerFrame>> frameListeners = new ArrayList<>();

        private Builder(URI url) {
            checkHttp(url);
            this.url = url;
        }

        /** Logs in with {@code POST /api/login} and connects with the session's cookies. */
        public Builder login(String username, String password) {
            this.username = Objects.requireNonNull(username, "username");
            this.password = Objects.requireNonNull(password, "password");
            this.savedLogin = null;
            return this;
        }

        /**
         * Connects with the cookies of an earlier {@link SwitchboardClient#logIn}. With no password
         * to log in again, a handshake the hub answers 401 (the login was ended or expired) closes
         * the client for good, like a refused API key.
         */
        public Builder savedLogin(SavedLogin saved) {
            this.savedLogin = Objects.requireNonNull(saved, "saved");
            this.username = saved.username();
            this.password = null;
            return this;
        }

        /** Connects with {@code Authorization: Bearer key} (an API key made by an admin). */
        public Builder apiKey(String key) {
            this.apiKey = Objects.requireNonNull(key, "key");
            return this;
        }

        /** The Origin sent with the login and the handshake; default the hub's own, from the url. */
        public Builder origin(String origin) {
            this.origin = Objects.requireNonNull(origin, "origin");
            return this;
        }

        /** Prefix of request ids (publish ids included), then a counter; default random per client. */
        public Builder idPrefix(String prefix) {
            this.idPrefix = Objects.requireNonNull(prefix, "prefix");
            return this;
        }

        public Builder backoff(Duration base, Duration cap) {
            this.backoffBase = base;
            this.backoffCap = cap;
            return this;
        }

        public Builder stableAfter(Duration d) {
            this.stableAfter = d;
            return this;
        }

        /** Client-side liveness: a ping after {@code pingAfter} of silence, given up {@code pongTimeout} later. */
        public Builder heartbeat(Duration pingAfter, Duration pongTimeout) {
            this.pingAfter = pingAfter;
            this.pongTimeout = pongTimeout;
            return this;
        }

        public Builder connectTimeout(Duration d) {
            this.connectTimeout = d;
            return this;
        }

        public Builder resendAfter(Duration d) {
            this.resendAfter = d;
            return this;
        }

        public Builder retryDelay(Duration d) {
            this.retryDelay = d;
            return this;
        }

        /** Opens after {@code threshold} failed attempts in a row (0: never) for {@code coolDown}. */
        public Builder circuitBreaker(int threshold, Duration coolDown) {
            this.breakerThreshold = threshold;
            this.breakerCoolDown = coolDown;
            return this;
        }

        public Builder maxPending(int n) {
            this.maxPending = n;
            return this;
        }

        public Builder maxSubscriptions(int n) {
            this.maxSubscriptions = n;
            return this;
        }

        public Builder maxQueuedEvents(int n) {
            this.maxQueuedEvents = n;
            return this;
        }

        public Builder maxFrameBytes(int n) {
            this.maxFrameBytes = n;
            return this;
        }

        /** JSON text frames ({@code switchboard.v1}, the default) or MessagePack binary frames. */
        public Builder encoding(Encoding encoding) {
            this.encoding = Objects.requireNonNull(encoding, "encoding");
            return this;
        }

        /** A state listener registered before anything happens, so it sees the first CONNECTING. */
        public Builder onState(Consumer<StateChange> listener) {
            stateListeners.add(Objects.requireNonNull(listener));
            return this;
        }

        public Builder onFrame(Consumer<ServerFrame> listener) {
            frameListeners.add(Objects.requireNonNull(listener));
            return this;
        }

        /**
         * @throws IllegalStateException    without exactly one of {@link #login} (or {@link #savedLogin}) and {@link #apiKey}
         * @throws IllegalArgumentException for a setting out of its range
         */
        public SwitchboardClient build() {
            if ((username == null) == (apiKey == null)) {
                throw new IllegalStateException("give exactly one credential: login(user, password), savedLogin(saved) or apiKey(key)");
            }
            return new SwitchboardClient(this);
        }

        private ClientSettings settings() {
            return new ClientSettings(backoffBase, backoffCap, stableAfter, pingAfter, pongTimeout, connectTimeout,
                    resendAfter, retryDelay, breakerThreshold, breakerCoolDown, maxPending, maxSubscriptions,
                    maxQueuedEvents, maxFrameBytes);
        }

        private URI wsUri() {
            URI base = baseUri(url);
            String scheme = "https".equals(base.getScheme()) ? "wss" : "ws";
            return URI.create(scheme + "://" + base.getRawAuthority() + base.getRawPath() + "ws");
        }
    }
}
