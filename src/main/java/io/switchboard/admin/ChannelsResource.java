package io.switchboard.admin;

import io.switchboard.channel.Moderation;
import io.switchboard.channel.Publishes;
import io.switchboard.channel.Subscriptions;
import io.switchboard.history.ChannelState;
import io.switchboard.history.HistoryMessage;
import io.switchboard.history.HistoryPages;
import io.switchboard.history.PublishOutcome;
import io.switchboard.protocol.ChannelName;
import io.switchboard.protocol.FrameWriter;
import io.switchboard.security.JsonErrors;
import io.switchboard.security.MessageRates;
import io.switchboard.security.Refusals;
import io.switchboard.security.Role;
import io.switchboard.security.SecuritySettings;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonValue;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.container.Suspended;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code /api/channels/{c}}: publishing for back-end services, history, deletion by moderators,
 * presence and reset. Rights are the channel rules, as on the WebSocket.
 */
@Path("channels/{channel}")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
public class ChannelsResource {

    private static final int MAX_KEY_LENGTH = 128;
    private static final long PUBLISH_TIMEOUT_SECONDS = 30;

    @Inject
    Publishes publishes;

    @Inject
    HistoryPages history;

    @Inject
    Moderation moderation;

    @Inject
    Subscriptions subscriptions;

    @Resource
    ManagedExecutorService responses;

    @Inject
    MessageRates rates;

    @Inject
    Refusals refusals;

    @Inject
    SecuritySettings securitySettings;

    @Inject
    AuditLog audit;

    @POST
    @Path("messages")
    public void publish(@PathParam("channel") String channel, String body,
                        @HeaderParam("Idempotency-Key") String idempotencyKey,
                        @Context HttpServletRequest request, @Suspended AsyncResponse response) {
        try {
            Caller caller = caller(request, channel);
            if (!securitySettings.channelRules().mayWrite(caller.roles(), channel)) {
                throw ApiException.forbidden("you may not publish in " + channel);
            }
            if (!rates.tryTake(caller.name(), System.nanoTime())) {
                refusals.refused("rate limit", caller.name(), request.getRemoteAddr());
                throw new ApiException(429, "rate_limited", "too many messages; this one was not published",
                        Map.of("Retry-After", "1"));
            }
            if (idempotencyKey != null && !validKey(idempotencyKey)) {
                throw ApiException.badRequest("Idempotency-Key must be 1 to 128 printable ASCII characters");
            }
            JsonValue data = JsonBody.parse(body).value("data");
            response.setTimeout(PUBLISH_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            response.setTimeoutHandler(r -> r.resume(unavailable("the message was not stored in time; retry with the same Idempotency-Key")));
            // Resumed elsewhere: writing the response may wait on the client, and the writer must not.
            boolean queued = publishes.publish(caller.name(), channel, data.toString(), idempotencyKey,
                    outcome -> responses.execute(() -> response.resume(answer(outcome, idempotencyKey != null))));
            if (!queued) {
                response.resume(unavailable("too many publishes waiting in " + channel + "; nothing was stored"));
            }
        } catch (ApiException e) {
            response.resume(e);
        }
    }

    private static Response answer(PublishOutcome outcome, boolean keyed) {
        if (outcome instanceof PublishOutcome.Stored s) {
            Response.ResponseBuilder created = Response.status(201).entity(JsonBody.JSON.createObjectBuilder()
                    .add("seq", s.seq()).add("epoch", s.epoch()).build().toString());
            if (keyed && s.duplicate()) {
                created.header("Idempotent-Replayed", "true");
            }
            return created.build();
        }
        return unavailable(((PublishOutcome.Unavailable) outcome).reason());
    }

    private static Response unavailable(String message) {
        return Response.status(503).type(MediaType.APPLICATION_JSON_TYPE).header("Retry-After", 1)
                .entity(JsonErrors.body("unavailable", message)).build();
    }

    @GET
    @Path("messages")
    public String history(@PathParam("channel") String channel, @QueryParam("before") String before,
                          @QueryParam("limit") String limit, @Context HttpServletRequest request) {
        reader(request, channel);
        Long beforeSeq = positive("before", before);
        Long count = positive("limit", limit);
        HistoryPages.Page page = history.page(channel, beforeSeq,
                count == null ? null : (int) Math.min(Integer.MAX_VALUE, count));
        StringBuilder out = new StringBuilder("{\"channel\":");
        out.append(JsonBody.JSON.createValue(channel)).append(",\"epoch\":")
                .append(JsonBody.JSON.createValue(page.epoch())).append(",\"messages\":[");
        List<HistoryMessage> messages = page.messages();
        for (int i = 0; i < messages.size(); i++) {
            HistoryMessage m = messages.get(i);
            FrameWriter.entry(out.append(i == 0 ? "" : ","), m.seq(), m.data(), m.sender(), m.ts(), m.deleted());
        }
        return out.append("]}").toString();
    }

    @DELETE
    @Path("messages/{seq}")
    public Response delete(@PathParam("channel") String channel, @PathParam("seq") String seq,
                           @Context HttpServletRequest request) {
        Caller caller = reader(request, channel);
        if (!Role.grants(caller.roles(), Role.MODERATOR)) {
            throw ApiException.forbidden("deleting messages needs the moderator role");
        }
        Long number = positive("seq", seq);
        if (number == null || !moderation.delete(channel, number)) {
            throw new ApiException(404, "not_found", "no message " + seq + " is stored in " + channel);
        }
        audit.record(caller, AuditAction.MESSAGE_DELETE, channel, "seq " + number, request);
        return Response.noContent().build();
    }

    @GET
    @Path("presence")
    public String presence(@PathParam("channel") String channel, @Context HttpServletRequest request) {
        reader(request, channel);
        List<String> users = subscriptions.presence(channel);
        if (users == null) {
            throw new ApiException(404, "not_found", "presence is off for " + channel);
        }
        JsonArrayBuilder array = JsonBody.JSON.createArrayBuilder();
        users.forEach(u -> array.add(JsonBody.JSON.createObjectBuilder().add("user", u)));
        return array.build().toString();
    }

    @POST
    @Path("reset")
    public String reset(@PathParam("channel") String channel, @Context HttpServletRequest request) {
        Caller caller = caller(request, channel);
        if (!Role.grants(caller.roles(), Role.ADMIN)) {
            throw ApiException.forbidden("resetting a channel needs the admin role");
        }
        ChannelState state = moderation.reset(channel);
        audit.record(caller, AuditAction.CHANNEL_RESET, channel, "new epoch " + state.epoch() + " at seq " + state.lastSeq(), request);
        return JsonBody.JSON.createObjectBuilder().add("seq", state.lastSeq()).add("epoch", state.epoch())
                .build().toString();
    }

    private Caller reader(HttpServletRequest request, String channel) {
        Caller caller = caller(request, channel);
        if (!securitySettings.channelRules().mayRead(caller.roles(), channel)) {
            throw ApiException.forbidden("you may not read " + channel);
        }
        return caller;
    }

    private static Caller caller(HttpServletRequest request, String channel) {
        Caller caller = Caller.require(request, Role.USER);
        if (!ChannelName.isValid(channel)) {
            throw new ApiException(400, "invalid_channel", "channel must match [A-Za-z0-9._:-]{1,128}");
        }
        return caller;
    }

    private static Long positive(String name, String value) {
        if (value == null) {
            return null;
        }
        try {
            long n = Long.parseLong(value);
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ApiException.badRequest(name + " must be a whole number of at least 1");
    }

    private static boolean validKey(String key) {
        if (key.isEmpty() || key.length() > MAX_KEY_LENGTH) {
            return false;
        }
        return key.chars().allMatch(ch -> ch >= 0x21 && ch <= 0x7e);
    }
}
