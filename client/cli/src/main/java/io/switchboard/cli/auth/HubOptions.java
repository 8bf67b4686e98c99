package io.switchboard.cli.auth;

import io.switchboard.cli.CommandFailure;
import io.switchboard.cli.Environment;
import io.switchboard.cli.ExitCodes;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * The options every command that talks to a hub shares: where ({@code --url}), the session file of
 * {@code switchboard login}, and {@code --quiet}. Explicit options win over environment variables,
 * which win over the saved login's URL and the defaults.
 */
public final class HubOptions {

    public static final String DEFAULT_URL = "http://localhost:8080";

    @Option(names = "--url", paramLabel = "URL", description = "The hub's HTTP address, e.g. https://hub.example.com "
            + "(default: $SWITCHBOARD_URL, else the saved login's, else " + DEFAULT_URL + ").")
    String url;

    @Option(names = "--session-file", paramLabel = "FILE", description = "Where switchboard login keeps the login "
            + "(default: $SWITCHBOARD_SESSION, else $XDG_CONFIG_HOME/switchboard/session, else ~/.config/switchboard/session).")
    Path sessionFile;

    @Option(names = {"-q", "--quiet"}, description = "No notes on stderr (errors still go there).")
    boolean quiet;

    /** {@code --url}, else {@code SWITCHBOARD_URL}; empty when neither is given. */
    public Optional<URI> explicitUrl(Environment env) {
        Optional<String> raw = Optional.ofNullable(url).or(() -> env.variable("SWITCHBOARD_URL"));
        return raw.map(HubOptions::parseUrl);
    }

    public SessionFile sessionFile(Environment env) {
        if (sessionFile != null) {
            return new SessionFile(sessionFile);
        }
        Optional<String> named = env.variable("SWITCHBOARD_SESSION");
        if (named.isPresent()) {
            return new SessionFile(Path.of(named.get()));
        }
        Path config = env.variable("XDG_CONFIG_HOME").map(Path::of).orElse(env.home().resolve(".config"));
        return new SessionFile(config.resolve("switchboard").resolve("session"));
    }

    public boolean quiet() {
        return quiet;
    }

    /**
     * The hub and credential: the API key ({@code --api-key} or {@code SWITCHBOARD_API_KEY}) when
     * given, else the saved login, which must be for the same hub.
     *
     * @throws CommandFailure {@link ExitCodes#FAILED} without a credential or with a saved login for another hub
     */
    public Target target(Environment env, String apiKeyOption, PrintWriter err) {
        Optional<URI> explicit = explicitUrl(env);
        Optional<String> key = Optional.ofNullable(apiKeyOption).filter(k -> !k.isBlank())
                .or(() -> env.variable("SWITCHBOARD_API_KEY"));
        if (key.isPresent()) {
            return new Target(explicit.orElse(parseUrl(DEFAULT_URL)), key.get().trim(), null, null);
        }
        SessionFile file = sessionFile(env);
        StoredSession stored;
        try {
            stored = file.read().orElseThrow(() -> new CommandFailure(ExitCodes.FAILED,
                    "not logged in (no " + file.path() + "): run switchboard login --user NAME, "
                            + "or give an API key with --api-key or SWITCHBOARD_API_KEY"));
        } catch (IOException e) {
            throw new CommandFailure(ExitCodes.FAILED, "cannot read the saved login: " + e.getMessage());
        }
        if (!quiet) {
            file.looseness().ifPresent(warning -> err.println("switchboard: warning: " + warning));
        }
        URI hub = explicit.orElse(stored.url());
        if (!sameHub(hub, stored.url())) {
            throw new CommandFailure(ExitCodes.FAILED, "the saved login is for " + stored.url() + ", not " + hub
                    + ": run switchboard login --url " + hub + " --user NAME");
        }
        return new Target(hub, null, stored.login(), file);
    }

    /** An http(s) URL with a host; a usage error otherwise. */
    public static URI parseUrl(String raw) {
        URI u;
        try {
            u = new URI(raw.trim());
        } catch (Exception e) {
            throw new CommandFailure(ExitCodes.USAGE, "--url is not a URL: " + raw);
        }
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || u.getHost() == null) {
            throw new CommandFailure(ExitCodes.USAGE, "--url must be the hub's http:// or https:// address, not " + raw);
        }
        if (u.getRawQuery() != null || u.getRawFragment() != null || u.getRawUserInfo() != null) {
            throw new CommandFailure(ExitCodes.USAGE, "--url must have no user, query or fragment: " + raw);
        }
        return u;
    }

    /** Cookies are the server's: send them only where they came from (scheme, host, port and path). */
    static boolean sameHub(URI a, URI b) {
        return normal(a).equals(normal(b));
    }

    private static String normal(URI u) {
        String scheme = u.getScheme().toLowerCase(Locale.ROOT);
        int port = u.getPort() > 0 ? u.getPort() : scheme.equals("https") ? 443 : 80;
        String path = u.getRawPath() == null || u.getRawPath().isEmpty() ? "/" : u.getRawPath();
        return scheme + "://" + u.getHost().toLowerCase(Locale.ROOT) + ":" + port + (path.endsWith("/") ? path : path + "/");
    }
}
