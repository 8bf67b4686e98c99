package io.switchboard.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ChannelPolicyTest {

    private static PrefixTable<ChannelPolicy> parse(String spec) {
        return PrefixTable.parse(spec, ChannelPolicy::of, ChannelPolicy.DEFAULT);
    }

    @Test
    void theDefaultKeepsAThousandMessagesForADayWithPresence() {
        ChannelPolicy policy = parse(Setting.CHANNEL_POLICIES.defaultValue()).lookup("anything");
        assertThat(policy).isEqualTo(new ChannelPolicy(true, 1000, Duration.ofHours(24), true));
        assertThat(policy).isEqualTo(ChannelPolicy.DEFAULT);
    }

    @Test
    void keysLeftOutKeepTheirDefaultsAndTheLongestPrefixWins() {
        PrefixTable<ChannelPolicy> table = parse("typing.*:durable=false,presence=false;typing.slow.*:max-age=7d;*:max-messages=5000");
        assertThat(table.lookup("typing.room1")).isEqualTo(new ChannelPolicy(false, 1000, Duration.ofHours(24), false));
        assertThat(table.lookup("typing.slow.x")).isEqualTo(new ChannelPolicy(true, 1000, Duration.ofDays(7), true));
        assertThat(table.lookup("lobby")).isEqualTo(new ChannelPolicy(true, 5000, Duration.ofHours(24), true));
    }

    @Test
    void withoutABareStarOtherChannelsGetTheDefault() {
        assertThat(parse("eph.*:durable=false").lookup("lobby")).isEqualTo(ChannelPolicy.DEFAULT);
    }

    @Test
    void badEntriesAreRefusedAtStartup() {
        for (String bad : new String[] {"eph:durable=false", "eph.*:durable=maybe", "eph.*:max-messages=0",
                "eph.*:max-messages=x", "eph.*:max-age=soon", "eph.*:colour=red", "eph.*:durable"}) {
            assertThatThrownBy(() -> parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
