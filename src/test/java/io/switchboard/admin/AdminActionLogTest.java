package io.switchboard.admin;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AdminActionLogTest {

    @Test
    void changesUnderAdminAreActions() {
        assertThat(AdminActionLog.isAction("POST", "admin/users/bob/kick")).isTrue();
        assertThat(AdminActionLog.isAction("PUT", "/admin/users/bob/banned")).isTrue();
        assertThat(AdminActionLog.isAction("DELETE", "admin/api-keys/ci")).isTrue();
        assertThat(AdminActionLog.isAction("GET", "admin/users")).isFalse();
    }

    @Test
    void aDeletionAndAResetAreActionsAndAPublishIsNot() {
        assertThat(AdminActionLog.isAction("DELETE", "channels/lobby/messages/3")).isTrue();
        assertThat(AdminActionLog.isAction("POST", "channels/lobby/reset")).isTrue();
        assertThat(AdminActionLog.isAction("POST", "channels/lobby/messages")).isFalse();
        assertThat(AdminActionLog.isAction("POST", "login")).isFalse();
    }
}
