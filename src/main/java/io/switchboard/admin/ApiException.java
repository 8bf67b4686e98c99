package io.switchboard.admin;

import io.switchboard.security.JsonErrors;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;

/** An HTTP error with the API's JSON error body. */
public class ApiException extends WebApplicationException {

    public ApiException(int status, String code, String message) {
        this(status, code, message, Map.of());
    }

    public ApiException(int status, String code, String message, Map<String, String> headers) {
        super(message, response(status, code, message, headers));
    }

    private static Response response(int status, String code, String message, Map<String, String> headers) {
        Response.ResponseBuilder r = Response.status(status).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(JsonErrors.body(code, message));
        headers.forEach(r::header);
        return r.build();
    }

    public static ApiException badRequest(String message) {
        return new ApiException(400, "bad_request", message);
    }

    public static ApiException unauthorized() {
        return new ApiException(401, "unauthorized", "log in first");
    }

    public static ApiException forbidden(String message) {
        return new ApiException(403, "forbidden", message);
    }
}
