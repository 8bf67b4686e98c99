package io.switchboard.client;

import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Requests waiting for their reply, by id, in the order they were made, which is the order they
 * are (re)sent in after a reconnect. Bounded: {@link #add} refuses once {@code limit} wait.
 * Guarded by the client's lock.
 */
final class PendingRequests {

    /** One request: its frame (resent unchanged, same id) and the future its reply completes. */
    static final class Pending {
        final String id;
        final String kind;
        final JsonObject frame;
        final CompletableFuture<ServerFrame> reply = new CompletableFuture<>();
        /** The frame type that answers it (an ack for a publish...). */
        Class<?> expected = ServerFrame.class;
        /** When it was last sent on the current connection; 0 when not sent on it. */
        long sentAt;
        /** When to send it again after a refusal for now; 0 when none. */
        long retryAt;

        Pending(String id, String kind, JsonObject frame) {
            this.id = id;
            this.kind = kind;
            this.frame = frame;
        }
    }

    private final int limit;
    private final Map<String, Pending> byId = new LinkedHashMap<>();

    PendingRequests(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("maxPending must be at least 1, not " + limit);
        }
        this.limit = limit;
    }

    /** Adds a request; {@code null} when {@code limit} requests (not cancelled) already wait. */
    Pending add(String id, String kind, JsonObject frame) {
        if (byId.size() >= limit) {
            inOrder(); // frees the places of requests the application gave up on
        }
        if (byId.size() >= limit) {
            return null;
        }
        Pending p = new Pending(id, kind, frame);
        byId.put(id, p);
        return p;
    }

    Pending get(String id) {
        return id == null ? null : byId.get(id);
    }

    Pending remove(String id) {
        return id == null ? null : byId.remove(id);
    }

    int size() {
        return byId.size();
    }

    int limit() {
        return limit;
    }

    /** The requests in the order they were made, dropping those the application gave up on (cancelled, timed out). */
    List<Pending> inOrder() {
        List<Pending> all = new ArrayList<>(byId.size());
        for (Iterator<Pending> it = byId.values().iterator(); it.hasNext(); ) {
            Pending p = it.next();
            if (p.reply.isDone()) {
                it.remove();
            } else {
                all.add(p);
            }
        }
        return all;
    }

    /** Removes and returns every request, for failing them all at a final close. */
    List<Pending> drain() {
        List<Pending> all = new ArrayList<>(byId.values());
        byId.clear();
        return all;
    }
}
