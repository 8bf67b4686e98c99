package io.switchboard.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FrameParserTest {

    private static final int MAX_DEPTH = 64;
    private static final int MAX_BYTES = 65536;

    private final FrameParser parser = new FrameParser(MAX_DEPTH, MAX_BYTES);

    private ClientFrame parse(String text) {
        return parser.parse(text);
    }

    private ClientFrame.Malformed malformed(String text, ErrorCode expected) {
        ClientFrame frame = parse(text);
        assertThat(frame).isInstanceOf(ClientFrame.Malformed.class);
        ClientFrame.Malformed m = (ClientFrame.Malformed) frame;
        assertThat(m.code()).as("error code of %s", text).isEqualTo(expected);
        assertThat(m.message()).isNotBlank();
        return m;
    }

    private static String nested(int depth) {
        // {"type":"echo","data":[[...]]}: the outer object is level 1, so depth-1 arrays.
        return "{\"type\":\"echo\",\"data\":" + "[".repeat(depth - 1) + "]".repeat(depth - 1) + "}";
    }

    @Nested
    class EveryRequestType {

        @Test
        void pingParsesWithAndWithoutId() {
            assertThat(parse("{\"type\":\"ping\",\"id\":\"p1\"}")).isEqualTo(new ClientFrame.Ping("p1"));
            assertThat(parse("{\"type\":\"ping\"}")).isEqualTo(new ClientFrame.Ping(null));
        }

        @Test
        void echoCarriesDataAndId() {
            assertThat(parse("{\"type\":\"echo\",\"data\":{\"anything\":[\"at all\",1,null]},\"id\":\"e1\"}"))
                    .isEqualTo(new ClientFrame.Echo(Json.createObjectBuilder()
                            .add("anything", Json.createArrayBuilder().add("at all").add(1).addNull())
                            .build(), "e1"));
        }

        @Test
        void broadcastCarriesDataAndId() {
            assertThat(parse("{\"type\":\"broadcast\",\"data\":\"hello everyone\",\"id\":\"b1\"}"))
                    .isEqualTo(new ClientFrame.Broadcast(Json.createValue("hello everyone"), "b1"));
        }

        @Test
        void subscribeCarriesChannelAndId() {
            assertThat(parse("{\"type\":\"subscribe\",\"channel\":\"orders.eu-1\",\"id\":\"s1\"}"))
                    .isEqualTo(new ClientFrame.Subscribe("orders.eu-1", "s1"));
        }

        @Test
        void unsubscribeCarriesChannelAndId() {
            assertThat(parse("{\"type\":\"unsubscribe\",\"channel\":\"orders.eu-1\",\"id\":\"u1\"}"))
                    .isEqualTo(new ClientFrame.Unsubscribe("orders.eu-1", "u1"));
            assertThat(parse("{\"type\":\"unsubscribe\",\"channel\":\"orders.eu-1\"}"))
                    .isEqualTo(new ClientFrame.Unsubscribe("orders.eu-1", null));
        }

        @Test
        void publishCarriesChannelDataAndId() {
            assertThat(parse("{\"type\":\"publish\",\"channel\":\"orders.eu-1\",\"data\":{\"order\":42},\"id\":\"m-0001\"}"))
                    .isEqualTo(new ClientFrame.Publish("orders.eu-1",
                            Json.createObjectBuilder().add("order", 42).build(), "m-0001"));
        }

        @Test
        void unknownFieldsAreIgnored() {
            assertThat(parse("{\"type\":\"ping\",\"extra\":{\"x\":[1,2]},\"v\":2,\"id\":\"p\"}"))
                    .isEqualTo(new ClientFrame.Ping("p"));
        }

        @Test
        void fieldOrderDoesNotMatter() {
            assertThat(parse("{\"id\":\"m\",\"data\":true,\"channel\":\"c\",\"type\":\"publish\"}"))
                    .isEqualTo(new ClientFrame.Publish("c", JsonValue.TRUE, "m"));
        }

        @Test
        void emptyIdIsKeptAsEmptyString() {
            assertThat(parse("{\"type\":\"ping\",\"id\":\"\"}")).isEqualTo(new ClientFrame.Ping(""));
        }
    }

    @Nested
    class DataOfAnyJsonKind {

        @ParameterizedTest
        @ValueSource(strings = {"null", "true", "false", "0", "-1.5e3", "123456789012345678901234567890",
                "\"text\"", "\"\"", "[]", "{}", "[1,\"two\",null,{\"three\":[3]}]", "{\"a\":{\"b\":null}}"})
        void echoAcceptsAnyJsonValueUnchanged(String data) {
            ClientFrame frame = parse("{\"type\":\"echo\",\"data\":" + data + "}");
            assertThat(frame).isInstanceOf(ClientFrame.Echo.class);
            JsonValue expected = Json.createReader(new java.io.StringReader(data)).readValue();
            assertThat(((ClientFrame.Echo) frame).data()).isEqualTo(expected);
        }

        @Test
        void nullDataIsPresentDataInEveryDataRequest() {
            assertThat(parse("{\"type\":\"echo\",\"data\":null}"))
                    .isEqualTo(new ClientFrame.Echo(JsonValue.NULL, null));
            assertThat(parse("{\"type\":\"broadcast\",\"data\":null}"))
                    .isEqualTo(new ClientFrame.Broadcast(JsonValue.NULL, null));
            assertThat(parse("{\"type\":\"publish\",\"channel\":\"c\",\"data\":null}"))
                    .isEqualTo(new ClientFrame.Publish("c", JsonValue.NULL, null));
        }
    }

    @Nested
    class BadJson {

        @ParameterizedTest
        @ValueSource(strings = {"", "   ", "not json", "{", "{\"type\":\"ping\"", "{'type':'ping'}",
                "{type:\"ping\"}", "{\"type\":\"ping\",}", "\uFEFF{\"type\":\"ping\"}"})
        void nonJsonIsBadJson(String text) {
            malformed(text, ErrorCode.BAD_JSON);
        }

        @ParameterizedTest
        @ValueSource(strings = {"[]", "[{\"type\":\"ping\"}]", "\"ping\"", "42", "true", "null"})
        void jsonThatIsNotAnObjectIsBadJson(String text) {
            malformed(text, ErrorCode.BAD_JSON);
        }

        @Test
        void nestingAtTheLimitIsAccepted() {
            assertThat(parse(nested(MAX_DEPTH))).isInstanceOf(ClientFrame.Echo.class);
        }

        @Test
        void nestingOneDeeperThanTheLimitIsBadJson() {
            malformed(nested(MAX_DEPTH + 1), ErrorCode.BAD_JSON);
        }

        @Test
        void objectsCountTowardsDepthLikeArrays() {
            String deepObjects = "{\"type\":\"echo\",\"data\":" + "{\"a\":".repeat(MAX_DEPTH) + "1"
                    + "}".repeat(MAX_DEPTH) + "}";
            malformed(deepObjects, ErrorCode.BAD_JSON);
        }

        @Test
        void hugeNestingIsRefusedWithoutBlowingTheStack() {
            malformed("[".repeat(60_000), ErrorCode.BAD_JSON);
            malformed("{\"type\":\"echo\",\"data\":" + "[".repeat(20_000) + "]".repeat(20_000) + "}",
                    ErrorCode.BAD_JSON);
        }

        @Test
        void bracketsInsideStringsDoNotCount() {
            String brackets = "[{".repeat(200);
            ClientFrame frame = parse("{\"type\":\"echo\",\"data\":\"" + brackets + "\"}");
            assertThat(frame).isEqualTo(new ClientFrame.Echo(Json.createValue(brackets), null));
        }

        @Test
        void escapedQuotesDoNotEndAStringForDepthCounting() {
            // The string holds \" followed by brackets: still inside the string.
            String data = "\"\\\"" + "[".repeat(100) + "\\\\\"";
            ClientFrame frame = parse("{\"type\":\"echo\",\"data\":" + data + "}");
            assertThat(frame).isEqualTo(new ClientFrame.Echo(Json.createValue("\"" + "[".repeat(100) + "\\"), null));
        }

        @Test
        void depthLimitIsTheConfiguredOne() {
            FrameParser shallow = new FrameParser(2, MAX_BYTES);
            assertThat(shallow.parse("{\"type\":\"echo\",\"data\":[1]}")).isInstanceOf(ClientFrame.Echo.class);
            ClientFrame deep = shallow.parse("{\"type\":\"echo\",\"data\":[[1]]}");
            assertThat(deep).isInstanceOf(ClientFrame.Malformed.class);
            assertThat(((ClientFrame.Malformed) deep).code()).isEqualTo(ErrorCode.BAD_JSON);
        }

        @ParameterizedTest
        @ValueSource(strings = {"{\"type\":\"ping\"} ]", "{\"type\":\"ping\"}x",
                "{\"type\":\"ping\"}{\"type\":\"echo\",\"data\":1}", "{\"type\":\"ping\"}\n{\"type\":\"ping\"}"})
        void trailingContentAfterTheObjectIsBadJson(String text) {
            malformed(text, ErrorCode.BAD_JSON);
        }
    }

    @Nested
    class UnknownType {

        @ParameterizedTest
        @ValueSource(strings = {"hello", "", "PING", "pong", "message", "ack"})
        void aStringTypeTheServerDoesNotKnowIsUnknownType(String type) {
            ClientFrame.Malformed m = malformed("{\"type\":\"" + type + "\",\"id\":\"x1\"}", ErrorCode.UNKNOWN_TYPE);
            assertThat(m.id()).isEqualTo("x1");
        }
    }

    @Nested
    class Invalid {

        @Test
        void missingTypeIsInvalidAndKeepsTheId() {
            ClientFrame.Malformed m = malformed("{\"id\":\"a1\"}", ErrorCode.INVALID);
            assertThat(m.id()).isEqualTo("a1");
            malformed("{}", ErrorCode.INVALID);
        }

        @ParameterizedTest
        @ValueSource(strings = {"1", "null", "true", "[\"ping\"]", "{\"name\":\"ping\"}"})
        void nonStringTypeIsInvalid(String type) {
            ClientFrame.Malformed m = malformed("{\"type\":" + type + ",\"id\":\"t1\"}", ErrorCode.INVALID);
            assertThat(m.id()).isEqualTo("t1");
        }

        @ParameterizedTest
        @ValueSource(strings = {"1", "null", "true", "[\"p1\"]", "{\"id\":\"p1\"}"})
        void nonStringIdIsInvalid(String id) {
            ClientFrame.Malformed m = malformed("{\"type\":\"ping\",\"id\":" + id + "}", ErrorCode.INVALID);
            assertThat(m.id()).isNull();
        }

        @ParameterizedTest
        @ValueSource(strings = {"", "with space", "slash/name", "star*", "é", "emoji😀", "tab\\t", "new\\nline",
                "comma,", "hash#"})
        void badChannelNameIsInvalidInEveryChannelRequest(String channel) {
            for (String type : new String[] {"subscribe", "unsubscribe"}) {
                ClientFrame.Malformed m = malformed("{\"type\":\"" + type + "\",\"channel\":\"" + channel
                        + "\",\"id\":\"c1\"}", ErrorCode.INVALID);
                assertThat(m.id()).isEqualTo("c1");
            }
            malformed("{\"type\":\"publish\",\"channel\":\"" + channel + "\",\"data\":1}", ErrorCode.INVALID);
        }

        @Test
        void channelNamesUseTheWholeAllowedAlphabetUpTo128Characters() {
            String all = "AZaz09._:-";
            assertThat(parse("{\"type\":\"subscribe\",\"channel\":\"" + all + "\"}"))
                    .isEqualTo(new ClientFrame.Subscribe(all, null));
            String longest = "c".repeat(128);
            assertThat(parse("{\"type\":\"subscribe\",\"channel\":\"" + longest + "\"}"))
                    .isEqualTo(new ClientFrame.Subscribe(longest, null));
            assertThat(parse("{\"type\":\"subscribe\",\"channel\":\"x\"}"))
                    .isEqualTo(new ClientFrame.Subscribe("x", null));
        }

        @Test
        void channelNameOf129CharactersIsInvalid() {
            String tooLong = "c".repeat(129);
            malformed("{\"type\":\"subscribe\",\"channel\":\"" + tooLong + "\"}", ErrorCode.INVALID);
            malformed("{\"type\":\"publish\",\"channel\":\"" + tooLong + "\",\"data\":1}", ErrorCode.INVALID);
        }

        @ParameterizedTest
        @ValueSource(strings = {"subscribe", "unsubscribe", "publish"})
        void missingOrNonStringChannelIsInvalid(String type) {
            malformed("{\"type\":\"" + type + "\",\"data\":1}", ErrorCode.INVALID);
            malformed("{\"type\":\"" + type + "\",\"channel\":7,\"data\":1}", ErrorCode.INVALID);
            malformed("{\"type\":\"" + type + "\",\"channel\":null,\"data\":1}", ErrorCode.INVALID);
            malformed("{\"type\":\"" + type + "\",\"channel\":[\"c\"],\"data\":1}", ErrorCode.INVALID);
        }

        @Test
        void missingDataIsInvalidInEchoBroadcastAndPublish() {
            assertThat(malformed("{\"type\":\"echo\",\"id\":\"d1\"}", ErrorCode.INVALID).id()).isEqualTo("d1");
            assertThat(malformed("{\"type\":\"broadcast\",\"id\":\"d2\"}", ErrorCode.INVALID).id()).isEqualTo("d2");
            assertThat(malformed("{\"type\":\"publish\",\"channel\":\"c\",\"id\":\"d3\"}", ErrorCode.INVALID).id())
                    .isEqualTo("d3");
        }
    }

    @Nested
    class Size {

        @Test
        void messageOverMaxBytesCountedInUtf8IsTooLarge() {
            // 30,000 chars, well under 65,536, but 90,000 bytes of UTF-8.
            String text = "€".repeat(30_000);
            assertThat(parse(text)).isEqualTo(new ClientFrame.TooLarge(90_000, null));
        }

        @Test
        void validJsonOverTheLimitIsTooLargeWhateverItHolds() {
            String text = "{\"type\":\"echo\",\"data\":\"" + "€".repeat(30_000) + "\",\"id\":\"big\"}";
            ClientFrame frame = parse(text);
            assertThat(frame).isInstanceOf(ClientFrame.TooLarge.class);
            assertThat(((ClientFrame.TooLarge) frame).bytes()).isEqualTo(text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
        }

        @Test
        void messageOfExactlyMaxBytesIsAccepted() {
            String prefix = "{\"type\":\"echo\",\"data\":\"";
            String suffix = "\"}";
            int room = MAX_BYTES - prefix.length() - suffix.length();
            // Fill with 3-byte chars, then ASCII for the remainder.
            String body = "€".repeat(room / 3) + "a".repeat(room % 3);
            String exact = prefix + body + suffix;
            assertThat(Utf8.length(exact)).isEqualTo(MAX_BYTES);
            assertThat(parse(exact)).isEqualTo(new ClientFrame.Echo(Json.createValue(body), null));

            String oneOver = prefix + body + "a" + suffix;
            assertThat(parse(oneOver)).isEqualTo(new ClientFrame.TooLarge(MAX_BYTES + 1, null));
        }

        @Test
        void fourByteCharactersCountFourBytes() {
            FrameParser small = new FrameParser(MAX_DEPTH, 40);
            // 10 emoji = 20 chars = 40 bytes: at the limit, not over.
            String tenEmoji = "😀".repeat(10);
            assertThat(small.parse(tenEmoji)).isNotInstanceOf(ClientFrame.TooLarge.class);
            assertThat(small.parse(tenEmoji + "a")).isEqualTo(new ClientFrame.TooLarge(41, null));
        }
    }
}
