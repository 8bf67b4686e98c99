package io.switchboard.cluster;

import io.switchboard.testing.Login;
import jakarta.json.JsonObject;
import jakarta.websocket.Session;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;

/**
 * A subscriber to a few channels that resumes after every reconnect: it resubscribes with
 * {@code since} = the last seq it handled and the epoch of its first subscription, and keeps every
 * message it receives (seq and data, in arrival order) for the test to compare with what was acked.
 * It is back once every resubscribe is answered.
 */
final class ResumingSubscriber extends ReconnectingClient {

    /** A message as received: its seq and its data (the publisher's id). */
    record Received(long seq, String data) {
    }

    private final List<String> channels;
    private final Map<String, Long> last = new HashMap<>();
    private final Map<String, String> epochs = new HashMap<>();
    private final Map<String, List<Received>> received = new HashMap<>();
    private int unanswered = -1;

    ResumingSubscriber(String name, URI uri, Login.Credentials as, List<String> channels,
                       ScheduledExecutorService scheduler) {
        super(name, uri, as, scheduler);
        this.channels = List.copyOf(channels);
        for (String channel : channels) {
            received.put(channel, new ArrayList<>());
        }
    }

    List<String> channels() {
        return channels;
    }

    @Override
    void connected(Session session) {
        synchronized (this) {
            unanswered = channels.size();
        }
        for (String channel : channels) {
            String since;
            synchronized (this) {
                String epoch = epochs.get(channel);
                since = epoch == null ? "" : ",\"since\":{\"seq\":" + last.get(channel) + ",\"epoch\":\"" + epoch + "\"}";
            }
            if (!send(session, "{\"type\":\"subscribe\",\"channel\":\"" + channel + "\"" + since + "}")) {
                return;
            }
        }
    }

    @Override
    void frame(JsonObject frame) {
        switch (frame.getString("type", "")) {
            case "subscribed" -> subscribed(frame);
            case "message" -> message(frame);
            case "deleted", "error" -> fail("unexpected " + frame);
            default -> {
                // presence and anything newer: not this test's business
            }
        }
    }

    private void subscribed(JsonObject frame) {
        String channel = frame.getString("channel");
        String epoch = epochs.get(channel);
        if (epoch == null) {
            epochs.put(channel, frame.getString("epoch"));
            last.put(channel, frame.getJsonNumber("seq").longValue());
            if (last.get(channel) != 0) {
                fail("first subscribe to fresh " + channel + " answered seq " + last.get(channel));
            }
        } else if (!epoch.equals(frame.getString("epoch")) || !frame.getBoolean("recovered", false)) {
            fail("resubscribe to " + channel + " since " + last.get(channel) + " not recovered: " + frame);
        }
        if (--unanswered == 0) {
            back();
        }
    }

    private void message(JsonObject frame) {
        String channel = frame.getString("channel");
        long seq = frame.getJsonNumber("seq").longValue();
        long expected = last.get(channel) + 1;
        if (seq != expected) {
            fail(channel + ": seq " + seq + " where " + expected + " was due");
        }
        last.put(channel, Math.max(seq, last.get(channel)));
        received.get(channel).add(new Received(seq, frame.getString("data")));
    }

    /** Connected, with every subscription answered. */
    synchronized boolean isUp() {
        return !isDown() && unanswered == 0;
    }

    /** The highest seq handled in {@code channel}. */
    synchronized long last(String channel) {
        return last.getOrDefault(channel, -1L);
    }

    synchronized List<Received> received(String channel) {
        return List.copyOf(received.get(channel));
    }
}
