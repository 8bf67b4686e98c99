package io.switchboard.cluster;

import io.switchboard.testing.Login;
import jakarta.json.JsonObject;
import jakarta.websocket.Session;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A publisher that publishes round robin over channels at a steady pace, each publish with an
 * {@code id} of its own (which is also its data), at most {@code window} unacknowledged at a time
 * and at most {@code limit} in all. After a reconnect, or an {@code unavailable} error, it sends
 * its unacknowledged publishes again with the same ids until each is acked: deduplication makes
 * each exist once.
 */
final class RetryingPublisher extends ReconnectingClient {

    private final String prefix;
    private final List<String> channels;
    private final int window;
    private final int limit;
    private final ScheduledExecutorService scheduler;
    private final Duration pace;
    private final Map<String, String> unacked = new LinkedHashMap<>();
    private final Map<String, Acked> acked = new HashMap<>();
    private int published;
    private int resent;
    private int duplicates;
    private boolean publishing = true;
    private ScheduledFuture<?> ticks;

    /** An acked publish: its channel and the seq the ack gave it. */
    record Acked(String channel, long seq) {
    }

    RetryingPublisher(String name, URI uri, Login.Credentials as, List<String> channels, Duration pace, int window,
                      int limit, ScheduledExecutorService scheduler) {
        super(name, uri, as, scheduler);
        this.prefix = name + "-";
        this.channels = List.copyOf(channels);
        this.pace = pace;
        this.window = window;
        this.limit = limit;
        this.scheduler = scheduler;
    }

    @Override
    void start() {
        super.start();
        ticks = scheduler.scheduleAtFixedRate(this::tick, pace.toMillis(), pace.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Publishes nothing new from now on; what is unacknowledged is still sent until acked. */
    synchronized void finish() {
        publishing = false;
    }

    @Override
    void stop() {
        if (ticks != null) {
            ticks.cancel(false);
        }
        super.stop();
    }

    private void tick() {
        Session session = current();
        String id;
        String channel;
        synchronized (this) {
            if (!publishing || session == null || isDown() || unacked.size() >= window || published >= limit) {
                return;
            }
            id = prefix + published;
            channel = channels.get(published % channels.size());
            published++;
            unacked.put(id, channel);
        }
        publish(session, id, channel);
    }

    private void publish(Session session, String id, String channel) {
        send(session, "{\"type\":\"publish\",\"channel\":\"" + channel + "\",\"data\":\"" + id + "\",\"id\":\"" + id + "\"}");
    }

    @Override
    void connected(Session session) {
        Map<String, String> again;
        synchronized (this) {
            again = new LinkedHashMap<>(unacked);
            resent += again.size();
        }
        back();
        again.forEach((id, channel) -> publish(session, id, channel));
    }

    @Override
    void frame(JsonObject frame) {
        String type = frame.getString("type", "");
        if ("ack".equals(type)) {
            String id = frame.getString("id");
            long seq = frame.getJsonNumber("seq").longValue();
            String channel = unacked.remove(id);
            if (channel != null) {
                acked.put(id, new Acked(channel, seq));
                if (frame.getBoolean("duplicate", false)) {
                    duplicates++;
                }
            } else if (acked.containsKey(id) && acked.get(id).seq() != seq) {
                fail(id + " acked with seq " + acked.get(id).seq() + " and again with " + seq);
            }
        } else if ("error".equals(type)) {
            String id = frame.getString("id", null);
            if (!"unavailable".equals(frame.getString("code")) || id == null || !unacked.containsKey(id)) {
                fail("unexpected " + frame);
                return;
            }
            String channel = unacked.get(id);
            Session session = current();
            resent++;
            scheduler.schedule(() -> publish(session, id, channel), 200, TimeUnit.MILLISECONDS);
        }
    }

    synchronized int published() {
        return published;
    }

    synchronized int unackedCount() {
        return unacked.size();
    }

    synchronized Map<String, Acked> acked() {
        return Map.copyOf(acked);
    }

    synchronized int resent() {
        return resent;
    }

    /** Acks that said {@code duplicate}: resends of publishes stored before the connection went. */
    synchronized int duplicates() {
        return duplicates;
    }

    synchronized List<String> unackedIds() {
        return new ArrayList<>(unacked.keySet());
    }
}
