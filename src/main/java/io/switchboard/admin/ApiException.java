package io.switchboard.admin;

import io.switchboard.security.JsonErrors;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** An HTTP error with the API's JSON error body. */
public class ApiException extends WebApplicationException {

    public ApiException(int status, String code, String message) {
        super(message, Response.status(status).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(JsonErrors.body(code, message)).build());
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
