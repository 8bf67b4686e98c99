package io.switchboard.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.protocol.CloseCode;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The examples stop reconnecting after exactly the close codes whose README row says "no". */
class ExampleCloseCodesTest {

    // FINAL = new Set([1000, ...]) in Node, FINAL = {1000, ...} in Python.
    private static final Pattern FINAL = Pattern.compile("FINAL = [^\\[{]*[\\[{]([0-9, ]+)[\\]}]");

    @ParameterizedTest
    @EnumSource(Example.class)
    void finalCloseCodesAreThoseNotToReconnectAfter(Example example) throws IOException {
        Matcher m = FINAL.matcher(Files.readString(example.program()));
        assertThat(m.find()).as("%s declares FINAL", example.program()).isTrue();
        Set<Integer> declared = Arrays.stream(m.group(1).split(",")).map(String::trim)
                .map(Integer::valueOf).collect(Collectors.toSet());
        Set<Integer> noReconnect = Arrays.stream(CloseCode.values()).filter(c -> !c.reconnect())
                .map(CloseCode::code).collect(Collectors.toSet());
        assertThat(declared).as("%s FINAL", example.program()).isEqualTo(noReconnect);
    }
}
