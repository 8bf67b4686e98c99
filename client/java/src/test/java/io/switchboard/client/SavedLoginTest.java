package io.switchboard.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SavedLoginTest {

    @Test
    void aSavedLoginNeedsAUserAndWellFormedCookies() {
        assertThatThrownBy(() -> new SavedLogin("", Map.of("JSESSIONID", "a"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SavedLogin("alice", Map.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SavedLogin("alice", Map.of("JSESSIONID", "a; Path=/")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("JSESSIONID");
        assertThatThrownBy(() -> new SavedLogin("alice", Map.of("bad name", "a"))).isInstanceOf(IllegalArgumentException.class);
        assertThat(new SavedLogin("alice", Map.of("JSESSIONIDVERSION", "2f:0")).cookies()).containsEntry("JSESSIONIDVERSION", "2f:0");
    }

    @Test
    void itsTextShowsNoCookieValue() {
        SavedLogin saved = new SavedLogin("alice", Map.of("JSESSIONID", "secret1", "SBLOGIN", "secret2"));
        assertThat(saved.toString()).contains("alice", "JSESSIONID", "SBLOGIN").doesNotContain("secret");
    }

    @Test
    void aSavedLoginIsOneCredentialOfTheBuilder() {
        SavedLogin saved = new SavedLogin("alice", Map.of("JSESSIONID", "abc"));
        assertThatThrownBy(() -> SwitchboardClient.builder("http://127.0.0.1:9/").savedLogin(saved).apiKey("k").build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("exactly one credential");
        try (SwitchboardClient client = SwitchboardClient.builder("http://127.0.0.1:9/").savedLogin(saved).build()) {
            assertThat(client.savedLogin()).contains(saved);
        }
        try (SwitchboardClient client = SwitchboardClient.builder("http://127.0.0.1:9/").apiKey("k").build()) {
            assertThat(client.savedLogin()).isEmpty();
        }
    }
}
