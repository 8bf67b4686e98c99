package io.switchboard.admin;

import io.switchboard.security.AccountException;
import io.switchboard.security.JsonErrors;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** 404 for an unknown user or key, 409 for a name that is taken. */
@Provider
public class AccountExceptionMapper implements ExceptionMapper<AccountException> {

    @Override
    public Response toResponse(AccountException e) {
        boolean missing = e instanceof AccountException.NotFound;
        return Response.status(missing ? 404 : 409).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(JsonErrors.body(missing ? "not_found" : "exists", e.getMessage())).build();
    }
}
