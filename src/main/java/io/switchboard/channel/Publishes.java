package io.switchboard.channel;

import io.switchboard.history.ClientIds;
import io.switchboard.history.GroupCommitWriter;
import io.switchboard.history.Publish;
import io.switchboard.history.PublishOutcome;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.function.Consumer;

/** Takes publishes in, from the socket and the HTTP API alike, and queues each for its channel's writer. */
@ApplicationScoped
public class Publishes {

    @Inject
    LocalChannels channels;

    @Inject
    GroupCommitWriter writer;

    /**
     * Queues a publish to be stored; {@code done} hears the outcome on a writer thread. False
     * (and nothing queued) when the channel already has its maximum of publishes waiting.
     *
     * @param id the publisher's id for the message; with the sender it identifies a resend
     */
    public boolean publish(String sender, String name, String dataJson, String id, Consumer<PublishOutcome> done) {
        Publish publish = new Publish(sender, ClientIds.stored(id), dataJson, done);
        while (true) {
            GroupCommitWriter.Offer offer = writer.offer(channels.obtain(name).publishes, publish);
            if (offer != GroupCommitWriter.Offer.RETIRED) {
                return offer == GroupCommitWriter.Offer.QUEUED;
            }
        }
    }
}
