package io.switchboard.admin;

import io.switchboard.connection.Connection;
import io.switchboard.connection.ConnectionRegistry;
import io.switchboard.security.Identity;
import io.switchboard.security.Role;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * {@code GET /api/admin/connections}: this instance's open connections, newest first, filtered by
 * user, address or origin and paged here, so the console gets one page whatever the count.
 */
@Path("admin/connections")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
public class ConnectionsResource {

    private static final Comparator<Connection> NEWEST_FIRST =
            Comparator.comparingLong(Connection::openedAtMillis).reversed().thenComparing(Connection::id);

    @Inject
    ConnectionRegistry registry;

    @Inject
    AdminSettings settings;

    @GET
    public String page(@QueryParam("filter") String filter, @QueryParam("offset") String offset,
                       @QueryParam("limit") String limit, @Context HttpServletRequest request) {
        Caller.require(request, Role.ADMIN);
        Paging paging = Paging.of(filter, offset, limit, settings.maxPageSize());
        List<Connection> matching = new ArrayList<>();
        for (Connection c : registry.all()) {
            Identity who = c.identity();
            if (paging.matches(who.name()) || paging.matches(who.address()) || paging.matches(who.origin())) {
                matching.add(c);
            }
        }
        matching.sort(NEWEST_FIRST);
        JsonArrayBuilder rows = JsonBody.JSON.createArrayBuilder();
        int end = (int) Math.min(matching.size(), (long) paging.offset() + paging.limit());
        for (int i = paging.offset(); i < end; i++) {
            rows.add(row(matching.get(i)));
        }
        return JsonBody.JSON.createObjectBuilder().add("total", matching.size()).add("offset", paging.offset())
                .add("connections", rows).build().toString();
    }

    private static JsonObjectBuilder row(Connection c) {
        Identity who = c.identity();
        JsonObjectBuilder row = JsonBody.JSON.createObjectBuilder().add("id", c.id()).add("user", who.name())
                .add("address", who.address());
        if (who.origin() == null) {
            row.addNull("origin");
        } else {
            row.add("origin", who.origin());
        }
        return row.add("since", c.openedAtMillis()).add("queuedBytes", c.queuedBytes())
                .add("channels", c.channels().size());
    }
}
