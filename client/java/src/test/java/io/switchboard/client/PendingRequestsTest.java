package io.switchboard.client;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonValue;
import org.junit.jupiter.api.Test;

class PendingRequestsTest {

    @Test
    void refusesBeyondItsLimitAndTakesMoreOnceOneIsAnswered() {
        PendingRequests pending = new PendingRequests(2);
        assertThat(pending.add("a", "publish", ClientFrames.publish("c", JsonValue.NULL, "a"))).isNotNull();
        assertThat(pending.add("b", "publish", ClientFrames.publish("c", JsonValue.NULL, "b"))).isNotNull();
        assertThat(pending.add("c", "publish", ClientFrames.publish("c", JsonValue.NULL, "c"))).isNull();
        pending.remove("a");
        assertThat(pending.add("c", "publish", ClientFrames.publish("c", JsonValue.NULL, "c"))).isNotNull();
    }

    @Test
    void resendOrderIsTheOrderOfTheRequestsWithoutThoseGivenUp() {
        PendingRequests pending = new PendingRequests(10);
        for (String id : new String[] {"1", "2", "3", "4"}) {
            pending.add(id, "publish", ClientFrames.publish("c", JsonValue.NULL, id));
        }
        pending.get("2").reply.cancel(false);
        assertThat(pending.inOrder()).extracting(p -> p.id).containsExactly("1", "3", "4");
        assertThat(pending.size()).isEqualTo(3);
        assertThat(pending.inOrder().get(1).frame.getString("id")).isEqualTo("3");
    }
}
