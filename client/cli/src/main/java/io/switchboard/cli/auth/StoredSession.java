package io.switchboard.cli.auth;

import io.switchboard.client.SavedLogin;
import java.net.URI;

/** What {@code switchboard login} keeps: the hub it logged in to and the login's cookies. */
public record StoredSession(URI url, SavedLogin login) {
}
