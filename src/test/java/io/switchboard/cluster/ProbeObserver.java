package io.switchboard.cluster;

import fish.payara.micro.cdi.Inbound;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/** Keeps every {@link ProbeEvent} that arrives from another instance, with when, where and in which order. */
@ApplicationScoped
public class ProbeObserver {

    /** One observed event: {@code arrival} counts the observer calls of a run in the order they began. */
    public record Received(int seq, int arrival, long latencyNanos, String thread, String sender) {
    }

    private final Map<String, Queue<Received>> runs = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> arrivals = new ConcurrentHashMap<>();

    void received(@Observes @Inbound ProbeEvent event) {
        long now = System.nanoTime();
        int arrival = arrivals.computeIfAbsent(event.run(), r -> new AtomicInteger()).incrementAndGet();
        runs.computeIfAbsent(event.run(), r -> new ConcurrentLinkedQueue<>())
                .add(new Received(event.seq(), arrival, now - event.sentNanos(), Thread.currentThread().getName(), event.sender()));
    }

    public List<Received> of(String run) {
        return List.copyOf(runs.getOrDefault(run, new ConcurrentLinkedQueue<>()));
    }
}
