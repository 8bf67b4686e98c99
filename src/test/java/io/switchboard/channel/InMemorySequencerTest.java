package io.switchboard.channel;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class InMemorySequencerTest {

    private final InMemorySequencer sequencer = new InMemorySequencer();

    @Test
    void numbersStartAtOneAndAreConsecutivePerChannel() {
        assertThat(sequencer.last("a")).isZero();
        assertThat(sequencer.next("a")).isEqualTo(1);
        assertThat(sequencer.next("a")).isEqualTo(2);
        assertThat(sequencer.next("b")).isEqualTo(1);
        assertThat(sequencer.last("a")).isEqualTo(2);
        assertThat(sequencer.last("b")).isEqualTo(1);
    }

    @Test
    void aForgottenChannelStartsAgainAtOne() {
        sequencer.next("a");
        sequencer.next("a");
        sequencer.forget("a");
        assertThat(sequencer.last("a")).isZero();
        assertThat(sequencer.next("a")).isEqualTo(1);
    }
}
