package io.switchboard.cli.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.cli.CommandFailure;
import io.switchboard.cli.Environment;
import io.switchboard.cli.ExitCodes;
import io.switchboard.client.SavedLogin;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the URL, the credential and the session file come from: options, then variables, then the saved login. */
class HubOptionsTest {

    @TempDir
    Path home;

    private final Map<String, String> vars = new HashMap<>();
    private final StringWriter err = new StringWriter();

    private Environment env() {
        return new Environment(vars::get, new ByteArrayInputStream(new byte[0]), p -> Optional.empty(), home);
    }

    private void saveLogin(String url) throws IOException {
        new HubOptions().sessionFile(env()).write(new StoredSession(URI.create(url),
                new SavedLogin("alice", Map.of("JSESSIONID", "s1"))));
    }

    @Test
    void theSessionFileIsUnderTheConfigDirectoryUnlessNamed() {
        assertThat(new HubOptions().sessionFile(env()).path()).isEqualTo(home.resolve(".config/switchboard/session"));
        vars.put("XDG_CONFIG_HOME", home.resolve("xdg").toString());
        assertThat(new HubOptions().sessionFile(env()).path()).isEqualTo(home.resolve("xdg/switchboard/session"));
        vars.put("SWITCHBOARD_SESSION", home.resolve("s").toString());
        assertThat(new HubOptions().sessionFile(env()).path()).isEqualTo(home.resolve("s"));
        HubOptions explicit = new HubOptions();
        explicit.sessionFile = home.resolve("t");
        assertThat(explicit.sessionFile(env()).path()).isEqualTo(home.resolve("t"));
    }

    @Test
    void anApiKeyWinsOverTheSavedLoginAndTheOptionOverTheVariable() throws IOException {
        saveLogin("http://127.0.0.1:8080");
        vars.put("SWITCHBOARD_API_KEY", "sbk_env");
        Target fromEnv = new HubOptions().target(env(), null, new PrintWriter(err));
        assertThat(fromEnv.apiKey()).isEqualTo("sbk_env");
        assertThat(fromEnv.url()).isEqualTo(URI.create(HubOptions.DEFAULT_URL));
        assertThat(fromEnv.who()).doesNotContain("sbk_env");
        assertThat(new HubOptions().target(env(), "sbk_option", new PrintWriter(err)).apiKey()).isEqualTo("sbk_option");
    }

    @Test
    void theSavedLoginBringsItsUrlAndRefusesAnotherHub() throws IOException {
        saveLogin("http://127.0.0.1:8080");
        Target saved = new HubOptions().target(env(), null, new PrintWriter(err));
        assertThat(saved.url()).isEqualTo(URI.create("http://127.0.0.1:8080"));
        assertThat(saved.login().username()).isEqualTo("alice");
        vars.put("SWITCHBOARD_URL", "http://127.0.0.1:8080/");
        assertThat(new HubOptions().target(env(), null, new PrintWriter(err)).url()).isEqualTo(URI.create("http://127.0.0.1:8080/"));
        vars.put("SWITCHBOARD_URL", "http://127.0.0.1:9090");
        assertThatThrownBy(() -> new HubOptions().target(env(), null, new PrintWriter(err)))
                .isInstanceOf(CommandFailure.class).hasMessageContaining("the saved login is for http://127.0.0.1:8080")
                .satisfies(e -> assertThat(((CommandFailure) e).exitCode()).isEqualTo(ExitCodes.FAILED));
    }

    @Test
    void theSameHubIsTheSameSchemeHostPortAndPath() {
        assertThat(HubOptions.sameHub(URI.create("http://Hub.example:80"), URI.create("http://hub.example/"))).isTrue();
        assertThat(HubOptions.sameHub(URI.create("https://hub.example"), URI.create("https://hub.example:443/"))).isTrue();
        assertThat(HubOptions.sameHub(URI.create("https://hub.example"), URI.create("http://hub.example"))).isFalse();
        assertThat(HubOptions.sameHub(URI.create("http://hub.example/a"), URI.create("http://hub.example/b"))).isFalse();
    }
}
