package io.switchboard.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.config.Setting;
import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class BroadcastRuleTest {

    /** A Config answering only getOptionalValue(key, String.class), from {@code values}. */
    private static Config config(Map<Setting, String> values) {
        return (Config) Proxy.newProxyInstance(Config.class.getClassLoader(), new Class<?>[] {Config.class},
                (self, method, args) -> {
                    if (!method.getName().equals("getOptionalValue")) {
                        throw new UnsupportedOperationException(method.toString());
                    }
                    return values.entrySet().stream().filter(e -> e.getKey().key().equals(args[0]))
                            .map(Map.Entry::getValue).findFirst();
                });
    }

    @Test
    void defaultsLetAnyUserBroadcastOnceASecondInBurstsOfFiveUpTo4096Bytes() {
        assertThat(BroadcastRule.read(config(Map.of()))).isEqualTo(new BroadcastRule(Role.USER, 1, 5, 4096));
    }

    @Test
    void configuredValuesAreRead() {
        BroadcastRule rule = BroadcastRule.read(config(Map.of(
                Setting.BROADCAST_ROLE, " moderator ",
                Setting.BROADCAST_MESSAGES_PER_SECOND, "0.25",
                Setting.BROADCAST_BURST, "2",
                Setting.BROADCAST_MAX_BYTES, "512")));
        assertThat(rule).isEqualTo(new BroadcastRule(Role.MODERATOR, 0.25, 2, 512));
    }

    @ParameterizedTest
    @ValueSource(strings = {"root", "Admin", "", "users"})
    void unknownRolesAreRefusedNamingTheKey(String role) {
        assertThatThrownBy(() -> BroadcastRule.read(config(Map.of(Setting.BROADCAST_ROLE, role))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("switchboard.broadcast.role");
    }

    @ParameterizedTest
    @CsvSource({"2, 2.0", "0.1, 0.1", "1e-2, 0.01", "' 3.5 ', 3.5"})
    void ratesMayBeFractions(String raw, double expected) {
        assertThat(BroadcastRule.read(config(Map.of(Setting.BROADCAST_MESSAGES_PER_SECOND, raw))).perSecond())
                .isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-1", "0.0", "abc", "", "NaN", "Infinity", "1f", "0x10", "1e400", "1e-400"})
    void zeroNegativeAndMalformedRatesAreRefusedNamingTheKey(String raw) {
        assertThatThrownBy(() -> BroadcastRule.read(config(Map.of(Setting.BROADCAST_MESSAGES_PER_SECOND, raw))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("switchboard.broadcast.messages-per-second");
    }

    @ParameterizedTest
    @CsvSource({"BROADCAST_BURST, 0", "BROADCAST_BURST, 1.5", "BROADCAST_MAX_BYTES, -1", "BROADCAST_MAX_BYTES, 4k"})
    void badBurstsAndSizesAreRefusedNamingTheKey(Setting setting, String raw) {
        assertThatThrownBy(() -> BroadcastRule.read(config(Map.of(setting, raw))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(setting.key());
    }
}
