package io.switchboard.history;

import io.switchboard.persistence.SchemaReady;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Loads the database's epoch key at startup; the first instance ever to start creates it. */
@ApplicationScoped
public class EpochKeySetup {

    private static final Logger LOG = Logger.getLogger(EpochKeySetup.class.getName());

    @Inject
    MessageStore store;

    @Inject
    FirstEpochs firstEpochs;

    void load(@Observes SchemaReady ready) {
        for (int attempt = 1; ; attempt++) {
            try {
                // Used only once its transaction has committed, so no instance derives from a key never stored.
                firstEpochs.use(store.epochKey());
                return;
            } catch (RuntimeException createdElsewhereMeanwhile) {
                // Two instances starting on a new database both insert it; the loser reads the winner's.
                if (attempt == 5) {
                    throw createdElsewhereMeanwhile;
                }
                LOG.log(Level.FINE, "creating the epoch key raced; looking again", createdElsewhereMeanwhile);
            }
        }
    }
}
