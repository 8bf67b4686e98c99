package io.switchboard.channel;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Sequences held in memory: a channel with no subscribers is forgotten, and its numbering starts
 * again at 1 when it is next used.
 */
@ApplicationScoped
public class InMemorySequencer implements Sequencer {

    private final Map<String, Long> last = new ConcurrentHashMap<>();

    @Override
    public long last(String channel) {
        return last.getOrDefault(channel, 0L);
    }

    @Override
    public long next(String channel) {
        return last.merge(channel, 1L, Long::sum);
    }

    @Override
    public void forget(String channel) {
        last.remove(channel);
    }
}
