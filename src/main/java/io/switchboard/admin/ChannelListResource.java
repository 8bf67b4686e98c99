package io.switchboard.admin;

import io.switchboard.config.ChannelSettings;
import io.switchboard.history.ChannelRows;
import io.switchboard.history.StoredChannel;
import io.switchboard.protocol.ChannelName;
import io.switchboard.security.Role;
import io.switchboard.security.SecuritySettings;
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
 * {@code GET /api/channels}: the stored channels (something was published in them) that the
 * caller may subscribe to, by name, a page at a time. A channel nobody has published to has no
 * row and is not listed: pages offer the ones they always show (the chat page's lobby) themselves.
 */
@Path("channels")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
public class ChannelListResource {

    @Inject
    ChannelRows rows;

    @Inject
    ChannelSettings channelSettings;

    @Inject
    SecuritySettings securitySettings;

    @GET
    public String list(@QueryParam("after") String after, @QueryParam("limit") String limit,
                       @Context HttpServletRequest request) {
        Caller caller = Caller.require(request, Role.USER);
        if (after != null && !ChannelName.isValid(after)) {
            throw new ApiException(400, "invalid_channel", "after must be a channel name: [A-Za-z0-9._:-]{1,128}");
        }
        int max = channelSettings.channelsListMaxLimit();
        int count = max;
        if (limit != null) {
            try {
                long n = Long.parseLong(limit);
                if (n < 1) {
                    throw ApiException.badRequest("limit must be a whole number of at least 1");
                }
                count = (int) Math.min(n, max);
            } catch (NumberFormatException e) {
                throw ApiException.badRequest("limit must be a whole number of at least 1");
            }
        }
        ChannelListing listing = ChannelListing.page(rows::after,
                name -> securitySettings.channelRules().mayRead(caller.roles(), name), after, count);
        JsonArrayBuilder channels = JsonBody.JSON.createArrayBuilder();
        for (StoredChannel c : listing.channels()) {
            channels.add(JsonBody.JSON.createObjectBuilder().add("name", c.name()).add("seq", c.lastSeq()));
        }
        JsonObjectBuilder body = JsonBody.JSON.createObjectBuilder().add("channels", channels);
        if (listing.next() == null) {
            body.addNull("next");
        } else {
            body.add("next", listing.next());
        }
        return body.build().toString();
    }
}
