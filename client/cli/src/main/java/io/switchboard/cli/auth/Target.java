package io.switchboard.cli.auth;

import io.switchboard.client.SavedLogin;
import io.switchboard.client.SwitchboardClient;
import java.net.URI;
import java.util.Optional;

/**
 * The hub a command connects to and its credential: an API key, or the saved login of
 * {@code switchboard login} (then {@code session} is the file it came from).
 */
public record Target(URI url, String apiKey, SavedLogin login, SessionFile session) {

    /** A client builder for the hub with the credential, the rest left at the library's defaults. */
    public SwitchboardClient.Builder builder() {
        SwitchboardClient.Builder b = SwitchboardClient.builder(url);
        return apiKey != null ? b.apiKey(apiKey) : b.savedLogin(login);
    }

    /** Who the command connects as, for messages: never the key itself. */
    public String who() {
        return apiKey != null ? "the API key" : "the saved login of " + login.username();
    }

    public Optional<SessionFile> sessionFile() {
        return Optional.ofNullable(session);
    }
}
