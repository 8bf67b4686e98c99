package io.switchboard.cli.channel;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.client.ServerFrame;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class ListenPrintTest {

    @Test
    void aFrameIsPrintedAsTheHubSentItWithFieldsAddedAfterV1() {
        String line = "{\"type\":\"message\",\"channel\":\"c\",\"seq\":3,\"data\":{\"n\":1},\"from\":\"bob\",\"ts\":9,"
                + "\"region\":\"eu\",\"trace\":{\"hops\":[1,2]}}";
        JsonObject sent = Json.createReader(new StringReader(line)).readObject();
        ServerFrame.Message message = new ServerFrame.Message("c", 3, sent.get("data"), "bob", 9, new ServerFrame.Source(sent));
        StringWriter out = new StringWriter();

        ListenCommand.print(message, new PrintWriter(out), null);

        assertThat(out.toString()).isEqualTo(line + System.lineSeparator());
    }
}
