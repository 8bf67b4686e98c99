package io.switchboard.admin;

import io.switchboard.security.JsonErrors;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.Locale;

/**
 * Gives the errors the JAX-RS runtime raises itself (an unknown path, a method the path does not
 * take) the API's JSON error body, e.g. 405 {@code {"error":"method_not_allowed",...}}; errors
 * that carry a body already ({@link ApiException}) keep it.
 */
@Provider
public class WebErrorMapper implements ExceptionMapper<WebApplicationException> {

    @Override
    public Response toResponse(WebApplicationException e) {
        Response response = e.getResponse();
        if (response.hasEntity()) {
            return response;
        }
        String reason = response.getStatusInfo().getReasonPhrase();
        String code = reason == null || reason.isBlank() ? "http_" + response.getStatus()
                : reason.trim().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_");
        Response.ResponseBuilder json = Response.fromResponse(response).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(JsonErrors.body(code, reason == null || reason.isBlank() ? "HTTP " + response.getStatus() : reason));
        return json.build();
    }
}
