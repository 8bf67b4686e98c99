package io.switchboard.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class FirstEpochsTest {

    private static FirstEpochs withKey(String hex) {
        FirstEpochs epochs = new FirstEpochs();
        epochs.use(hex);
        return epochs;
    }

    @Test
    void everyInstanceWithTheSameKeyDerivesTheSameEpochForAName() {
        String key = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";
        String epoch = withKey(key).of("orders.eu-1");
        assertThat(epoch).matches("[0-9a-f]{16}");
        assertThat(withKey(key).of("orders.eu-1")).isEqualTo(epoch);
        assertThat(withKey(key).of("orders.eu-2")).isNotEqualTo(epoch);
    }

    @Test
    void anotherDatabaseKeyGivesAnotherEpoch() {
        String name = "orders.eu-1";
        assertThat(withKey("00".repeat(32)).of(name)).isNotEqualTo(withKey("01".repeat(32)).of(name));
    }

    @Test
    void noEpochIsDerivedBeforeTheKeyIsLoaded() {
        assertThatThrownBy(() -> new FirstEpochs().of("c")).isInstanceOf(IllegalStateException.class);
    }
}
