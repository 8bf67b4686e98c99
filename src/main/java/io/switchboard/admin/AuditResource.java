package io.switchboard.admin;

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

/** {@code GET /api/admin/audit?before=ID&limit=N}: the audit log, newest first. */
@Path("admin/audit")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
public class AuditResource {

    @Inject
    AuditLog audit;

    @Inject
    AdminSettings settings;

    @GET
    public String page(@QueryParam("before") String before, @QueryParam("limit") String limit,
                       @Context HttpServletRequest request) {
        Caller.require(request, Role.ADMIN);
        Long beforeId = before == null ? null : id(before);
        int count = Paging.of(null, null, limit, settings.maxPageSize()).limit();
        JsonArrayBuilder rows = JsonBody.JSON.createArrayBuilder();
        for (AuditEntry e : audit.page(beforeId, count)) {
            JsonObjectBuilder row = JsonBody.JSON.createObjectBuilder().add("id", e.id()).add("at", e.at())
                    .add("actor", e.actor()).add("action", e.action()).add("target", e.target());
            optional(row, "detail", e.detail());
            optional(row, "address", e.address());
            rows.add(row);
        }
        return rows.build().toString();
    }

    private static long id(String before) {
        try {
            long id = Long.parseLong(before);
            if (id >= 1) {
                return id;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ApiException.badRequest("before must be a whole number of at least 1");
    }

    private static void optional(JsonObjectBuilder row, String name, String value) {
        if (value == null) {
            row.addNull(name);
        } else {
            row.add(name, value);
        }
    }
}
