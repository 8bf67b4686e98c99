package io.switchboard.history;

import io.switchboard.cluster.BatchCommitted;
import io.switchboard.cluster.ClusterBus;
import io.switchboard.config.ChannelSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Stores publishes a batch per transaction per channel, announces each committed batch on the
 * {@link ClusterBus} (which delivers it to the subscribers) and then tells each publisher its
 * outcome. One writer per channel at a time, so a channel's batches are announced in seq order.
 */
@ApplicationScoped
public class GroupCommitWriter {

    private static final Logger LOG = Logger.getLogger(GroupCommitWriter.class.getName());

    @Inject
    MessageStore store;

    @Inject
    ChannelRows rows;

    @Inject
    ChannelSettings settings;

    @Inject
    WriterPool writers;

    @Inject
    ClusterBus bus;

    /** What became of an offered publish. */
    public enum Offer {
        QUEUED,
        /** The channel already has its maximum of publishes waiting; nothing was queued. */
        FULL,
        /** The queue's channel was forgotten meanwhile; offer to the channel's queue of now. */
        RETIRED
    }

    /** Queues a publish, starting the channel's writer unless it is running. */
    public Offer offer(PublishQueue queue, Publish publish) {
        boolean startWriter;
        synchronized (queue) {
            if (queue.retired) {
                return Offer.RETIRED;
            }
            if (queue.pending.size() >= settings.publishMaxPending()) {
                return Offer.FULL;
            }
            queue.pending.add(publish);
            startWriter = !queue.writing;
            queue.writing = true;
        }
        if (startWriter) {
            writers.execute(() -> write(queue));
        }
        return Offer.QUEUED;
    }

    /**
     * Stores the channel's waiting publishes, a batch per transaction, until none are left or this
     * turn has run its batches; then the channel queues again behind the other channels' writers,
     * so one whose publishers never pause cannot keep a writer thread. It stays {@code writing}
     * meanwhile, so no second writer starts: one transaction in flight, announced in seq order.
     */
    private void write(PublishQueue queue) {
        if (!queue.created) {
            // The row exists before any batch locks it, so a batch never races to create it.
            try {
                rows.open(queue.channel);
                queue.created = true;
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "channel " + queue.channel + " could not be created", e);
            }
        }
        int maxBatch = settings.publishMaxBatch();
        int perTurn = settings.publishBatchesPerTurn();
        for (int batches = 0; ; batches++) {
            List<Publish> batch = new ArrayList<>(Math.min(maxBatch, 64));
            synchronized (queue) {
                if (queue.pending.isEmpty()) {
                    queue.writing = false;
                    break;
                }
                while (batches < perTurn && batch.size() < maxBatch && !queue.pending.isEmpty()) {
                    batch.add(queue.pending.poll());
                }
            }
            if (batch.isEmpty()) {
                // The turn is used up and publishes wait. Outside the lock: a saturated pool runs
                // the task on this very thread.
                writers.execute(() -> write(queue));
                return;
            }
            commit(queue, batch);
        }
        queue.whenDrained.run();
    }

    private void commit(PublishQueue queue, List<Publish> batch) {
        long now = System.currentTimeMillis();
        long dedupSince = now - settings.dedupWindow().toMillis();
        MessageStore.Appended appended;
        try {
            appended = append(queue, batch, now, dedupSince);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "storing " + batch.size() + " publishes to " + queue.channel + " failed", e);
            PublishOutcome failed = new PublishOutcome.Unavailable("the message could not be stored; nothing was published");
            batch.forEach(p -> p.done().accept(failed));
            return;
        }
        List<BatchCommitted.Message> messages = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            if (!appended.duplicates()[i]) {
                Publish p = batch.get(i);
                messages.add(new BatchCommitted.Message(appended.seqs()[i], p.data(), p.sender(), now));
            }
        }
        // Delivered before the acks: a subscribed publisher sees its message before its ack.
        bus.committed(new BatchCommitted(queue.channel, appended.epoch(), appended.lastSeq(), messages));
        for (int i = 0; i < batch.size(); i++) {
            batch.get(i).done().accept(new PublishOutcome.Stored(appended.seqs()[i], appended.epoch(), appended.duplicates()[i]));
        }
    }

    /** One retry: a failed transaction stored nothing, so a transient failure costs no message. */
    private MessageStore.Appended append(PublishQueue queue, List<Publish> batch, long now, long dedupSince) {
        try {
            return store.append(queue.channel, batch, queue.durable, now, dedupSince);
        } catch (RuntimeException first) {
            LOG.log(Level.FINE, "storing to " + queue.channel + " failed once; retrying", first);
            return store.append(queue.channel, batch, queue.durable, now, dedupSince);
        }
    }
}
