package io.switchboard.admin;

import jakarta.annotation.security.DeclareRoles;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** The HTTP API. Declaring the roles is what makes the container map the login's groups to them. */
@ApplicationPath("/api")
@DeclareRoles({"user", "moderator", "admin"})
public class ApiApplication extends Application {
}
