package io.switchboard.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigValue;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.eclipse.microprofile.config.spi.Converter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class SettingTest {

    /** A Config holding string values; only getOptionalValue(key, String.class) is implemented. */
    static final class FakeConfig implements Config {

        private final Map<String, String> values = new HashMap<>();

        FakeConfig with(Setting setting, String value) {
            values.put(setting.key(), value);
            return this;
        }

        @Override
        public <T> Optional<T> getOptionalValue(String propertyName, Class<T> propertyType) {
            if (propertyType != String.class) {
                throw new UnsupportedOperationException("only String values: " + propertyType);
            }
            return Optional.ofNullable(values.get(propertyName)).map(propertyType::cast);
        }

        @Override
        public <T> T getValue(String propertyName, Class<T> propertyType) {
            throw new UnsupportedOperationException();
        }

        @Override
        public ConfigValue getConfigValue(String propertyName) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Iterable<String> getPropertyNames() {
            return values.keySet();
        }

        @Override
        public Iterable<ConfigSource> getConfigSources() {
            return List.of();
        }

        @Override
        public <T> Optional<Converter<T>> getConverter(Class<T> forType) {
            return Optional.empty();
        }

        @Override
        public <T> T unwrap(Class<T> type) {
            throw new UnsupportedOperationException();
        }
    }

    private static Duration duration(String raw) {
        return Setting.HEARTBEAT_TIMEOUT.durationValue(new FakeConfig().with(Setting.HEARTBEAT_TIMEOUT, raw));
    }

    @ParameterizedTest
    @CsvSource({
            "500ms, PT0.5S",
            "5s, PT5S",
            "2m, PT2M",
            "1h, PT1H",
            "PT5S, PT5S",
            "pt1m30s, PT1M30S",
            "5, PT5S",
            "90, PT1M30S",
            "1ms, PT0.001S",
            "5S, PT5S",
            "'  5s  ', PT5S",
    })
    void durationsAreParsedInEveryDocumentedForm(String raw, String expected) {
        assertThat(duration(raw)).isEqualTo(Duration.parse(expected));
    }

    @Test
    void bareNumberMeansSeconds() {
        assertThat(duration("60")).isEqualTo(Duration.ofSeconds(60));
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "5x", "s", "ms", "1.5s", "5 seconds", "PT", "P5", "fives", "--5s",
            "99999999999999999999s", "9223372036854775807h"})
    void malformedDurationsAreRefusedNamingTheKey(String raw) {
        assertThatThrownBy(() -> duration(raw))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("switchboard.heartbeat.timeout");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "0s", "0ms", "PT0S", "-5s", "-1", "-500ms", "PT-5S"})
    void zeroAndNegativeDurationsAreRefusedNamingTheKey(String raw) {
        assertThatThrownBy(() -> duration(raw))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("switchboard.heartbeat.timeout");
    }

    @Test
    void emptyDurationIsRefusedNamingTheKey() {
        assertThatThrownBy(() -> duration(""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("switchboard.heartbeat.timeout");
    }

    @Test
    void numbersAreParsedAndTrimmed() {
        FakeConfig config = new FakeConfig()
                .with(Setting.MAX_MESSAGE_BYTES, " 1024 ")
                .with(Setting.OUTBOUND_MAX_BYTES, "8589934592");
        assertThat(Setting.MAX_MESSAGE_BYTES.intValue(config)).isEqualTo(1024);
        assertThat(Setting.OUTBOUND_MAX_BYTES.longValue(config)).isEqualTo(8_589_934_592L);
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "", "1.5", "64k", "1e3", "0x10"})
    void malformedNumbersAreRefusedNamingTheKey(String raw) {
        FakeConfig config = new FakeConfig().with(Setting.MAX_JSON_DEPTH, raw).with(Setting.OUTBOUND_MAX_BYTES, raw);
        assertThatThrownBy(() -> Setting.MAX_JSON_DEPTH.intValue(config))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("switchboard.max-json-depth");
        assertThatThrownBy(() -> Setting.OUTBOUND_MAX_BYTES.longValue(config))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("switchboard.outbound.max-bytes");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-1", "-65536"})
    void zeroAndNegativeNumbersAreRefusedNamingTheKey(String raw) {
        FakeConfig config = new FakeConfig().with(Setting.MAX_MESSAGE_BYTES, raw)
                .with(Setting.SHUTDOWN_DRAIN_SECONDS, raw);
        assertThatThrownBy(() -> Setting.MAX_MESSAGE_BYTES.intValue(config))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("switchboard.max-message-bytes");
        assertThatThrownBy(() -> Setting.SHUTDOWN_DRAIN_SECONDS.longValue(config))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("switchboard.shutdown.drain-seconds");
    }

    @ParameterizedTest
    @ValueSource(strings = {"4294967297", "2147483648", "4294967296"})
    void intValueRefusesNumbersBeyondIntRangeNamingTheValue(String raw) {
        FakeConfig config = new FakeConfig().with(Setting.MAX_MESSAGE_BYTES, raw);
        assertThatThrownBy(() -> Setting.MAX_MESSAGE_BYTES.intValue(config))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("switchboard.max-message-bytes=" + raw);
    }

    @ParameterizedTest
    @EnumSource(Setting.class)
    void defaultsApplyWhenNothingIsConfigured(Setting setting) {
        FakeConfig empty = new FakeConfig();
        assertThat(setting.rawValue(empty)).isEqualTo(setting.defaultValue());
    }

    @Test
    void everyDefaultIsValid() {
        Settings settings = new Settings();
        settings.config = new FakeConfig();
        settings.read();
        assertThat(settings.maxMessageBytes()).isEqualTo(65536);
        assertThat(settings.outboundMaxBytes()).isEqualTo(1_048_576L);
        assertThat(settings.outboundBatchMaxBytes()).isEqualTo(65536);
        assertThat(settings.closeTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(settings.heartbeatInterval()).isEqualTo(Duration.ofSeconds(25));
        assertThat(settings.heartbeatTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(settings.shutdownDrain()).isEqualTo(Duration.ofSeconds(10));
        assertThat(Setting.MAX_JSON_DEPTH.intValue(new FakeConfig())).isEqualTo(64);
    }

    @Test
    void configuredValuesOverrideDefaults() {
        Settings settings = new Settings();
        settings.config = new FakeConfig()
                .with(Setting.CLOSE_TIMEOUT, "250ms")
                .with(Setting.HEARTBEAT_INTERVAL, "PT10S")
                .with(Setting.HEARTBEAT_TIMEOUT, "2m")
                .with(Setting.SHUTDOWN_DRAIN_SECONDS, "3")
                .with(Setting.OUTBOUND_BATCH_MAX_BYTES, "4096");
        settings.read();
        assertThat(settings.closeTimeout()).isEqualTo(Duration.ofMillis(250));
        assertThat(settings.heartbeatInterval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(settings.heartbeatTimeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(settings.shutdownDrain()).isEqualTo(Duration.ofSeconds(3));
        assertThat(settings.outboundBatchMaxBytes()).isEqualTo(4096);
    }

    @Test
    void startupFailsOnABadValueNamingTheKey() {
        Settings settings = new Settings();
        settings.config = new FakeConfig().with(Setting.HEARTBEAT_INTERVAL, "soon");
        assertThatThrownBy(settings::read)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("switchboard.heartbeat.interval")
                .hasMessageContaining("soon");
    }

    @Test
    void everyKeyIsUniqueAndNamespaced() {
        assertThat(java.util.Arrays.stream(Setting.values()).map(Setting::key))
                .doesNotHaveDuplicates()
                .allMatch(k -> k.startsWith("switchboard."));
    }
}
