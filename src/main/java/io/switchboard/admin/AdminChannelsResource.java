package io.switchboard.admin;

import io.switchboard.channel.Subscriptions;
import io.switchboard.history.ChannelDirectory;
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

/**
 * {@code GET /api/admin/channels}: the stored channels by name, filtered and paged by the
 * database, each with its subscribers on this instance, last seq and the time of its last message.
 */
@Path("admin/channels")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
public class AdminChannelsResource {

    @Inject
    ChannelDirectory directory;

    @Inject
    Subscriptions subscriptions;

    @Inject
    AdminSettings settings;

    @GET
    public String page(@QueryParam("filter") String filter, @QueryParam("offset") String offset,
                       @QueryParam("limit") String limit, @Context HttpServletRequest request) {
        Caller.require(request, Role.ADMIN);
        Paging paging = Paging.of(filter, offset, limit, settings.maxPageSize());
        ChannelDirectory.Page page = directory.page(paging.filter(), paging.offset(), paging.limit());
        JsonArrayBuilder rows = JsonBody.JSON.createArrayBuilder();
        for (ChannelDirectory.Listing c : page.channels()) {
            JsonObjectBuilder row = JsonBody.JSON.createObjectBuilder().add("name", c.name()).add("epoch", c.epoch())
                    .add("seq", c.lastSeq()).add("subscribers", subscriptions.subscriberCount(c.name()));
            if (c.lastMessageMillis() == null) {
                row.addNull("lastMessage");
            } else {
                row.add("lastMessage", c.lastMessageMillis());
            }
            rows.add(row);
        }
        return JsonBody.JSON.createObjectBuilder().add("total", page.total()).add("offset", paging.offset())
                .add("channels", rows).build().toString();
    }
}
