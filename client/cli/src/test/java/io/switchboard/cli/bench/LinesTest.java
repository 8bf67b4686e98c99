package io.switchboard.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LinesTest {

    private static final String MESSAGE =
            "{\"type\":\"message\",\"channel\":\"bench.1\",\"seq\":42,\"ts\":1700000000000,\"data\":\"17.xxxx\"}";

    @Test
    void readsTheFieldsOfOneLineInsideACoalescedFrame() {
        String frame = "{\"type\":\"ack\",\"id\":\"7\",\"seq\":41}\n" + MESSAGE;
        int start = frame.indexOf('\n') + 1;
        int end = frame.length();
        assertThat(Lines.type(frame, 0, start - 1)).isEqualTo("ack");
        assertThat(Lines.idNumber(frame, 0, start - 1)).isEqualTo(7);
        assertThat(Lines.longField(frame, 0, start - 1, "seq")).isEqualTo(41);
        assertThat(Lines.type(frame, start, end)).isEqualTo("message");
        assertThat(Lines.longField(frame, start, end, "seq")).isEqualTo(42);
        assertThat(Lines.longField(frame, start, end, "ts")).isEqualTo(1700000000000L);
        assertThat(Lines.dataNumber(frame, start, end)).isEqualTo(17);
    }

    @Test
    void aFieldOfTheNextLineIsNotThisLinesField() {
        String frame = "{\"type\":\"subscribed\",\"channel\":\"c\"}\n" + MESSAGE;
        int end = frame.indexOf('\n');
        assertThat(Lines.longField(frame, 0, end, "seq")).isEqualTo(-1);
    }

    @Test
    void publishIdsErrorsAndFlags() {
        String ack = "{\"type\":\"ack\",\"id\":\"bq1.x-1234\",\"seq\":9,\"duplicate\":true}";
        assertThat(Lines.prefixedIdNumber(ack, 0, ack.length(), "bq1.x-")).isEqualTo(1234);
        assertThat(Lines.prefixedIdNumber(ack, 0, ack.length(), "other-")).isEqualTo(-1);
        assertThat(Lines.flag(ack, 0, ack.length(), "duplicate")).isTrue();
        String error = "{\"type\":\"error\",\"id\":\"3\",\"code\":\"rate_limited\",\"message\":\"slow down\"}";
        assertThat(Lines.stringField(error, 0, error.length(), "code")).isEqualTo("rate_limited");
        assertThat(Lines.type("not json", 0, 8)).isNull();
    }
}
