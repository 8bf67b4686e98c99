package io.switchboard.cli.auth;

import picocli.CommandLine.Option;

/** {@code --api-key}: connect with a key instead of the saved login. */
public final class ApiKeyOption {

    @Option(names = "--api-key", paramLabel = "KEY", description = "Connect with this API key instead of the saved "
            + "login (default: $SWITCHBOARD_API_KEY; prefer the variable, since options show in the process list).")
    String apiKey;

    public String apiKey() {
        return apiKey;
    }
}
