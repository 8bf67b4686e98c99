package io.switchboard.admin;

import io.switchboard.cluster.MemberConnections;
import jakarta.json.JsonArrayBuilder;
import java.util.List;

/** The JSON the console's live socket and tables are written in. */
final class LiveJson {

    private LiveJson() {
    }

    static JsonArrayBuilder members(List<MemberConnections.Count> counts) {
        JsonArrayBuilder array = JsonBody.JSON.createArrayBuilder();
        counts.forEach(c -> array.add(JsonBody.JSON.createObjectBuilder().add("id", c.id()).add("name", c.name())
                .add("address", c.address()).add("connections", c.connections()).add("self", c.self())));
        return array;
    }
}
