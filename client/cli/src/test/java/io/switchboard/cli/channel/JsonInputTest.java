package io.switchboard.cli.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.json.Json;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.Test;

class JsonInputTest {

    @Test
    void anyOneJsonValueIsAMessage() throws Exception {
        assertThat(JsonInput.parse("{\"a\":1}", false)).isEqualTo(Json.createObjectBuilder().add("a", 1).build());
        assertThat(JsonInput.parse("\"text\"", false)).isEqualTo(Json.createValue("text"));
        assertThat(JsonInput.parse(" 42 ", false)).isEqualTo(Json.createValue(42));
        assertThat(JsonInput.parse("null", false)).isEqualTo(JsonValue.NULL);
        assertThat(JsonInput.parse("[1,true]", false).getValueType()).isEqualTo(JsonValue.ValueType.ARRAY);
    }

    @Test
    void whatIsNotExactlyOneValueIsRefused() {
        for (String bad : new String[] {"hello", "{\"a\":1", "1 2", "{} {}", "", "  ", "'single'", "{\"a\":1}x"}) {
            assertThatThrownBy(() -> JsonInput.parse(bad, false)).as(bad).isInstanceOf(JsonInput.NotJsonException.class);
        }
    }

    @Test
    void withTextTheLineIsAStringAsItIs() throws Exception {
        assertThat(JsonInput.parse("hello {\"a\"", true)).isEqualTo(Json.createValue("hello {\"a\""));
        assertThat(JsonInput.parse("42", true)).isEqualTo(Json.createValue("42"));
    }
}
