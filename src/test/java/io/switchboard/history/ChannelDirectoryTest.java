package io.switchboard.history;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ChannelDirectoryTest {

    @Test
    void likeWildcardsInAFilterMatchThemselves() {
        assertThat(ChannelDirectory.escapeLike("a%b_c!d")).isEqualTo("a!%b!_c!!d");
    }
}
