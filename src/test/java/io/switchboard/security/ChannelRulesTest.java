package io.switchboard.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.config.Setting;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ChannelRulesTest {

    private final ChannelRules defaults = ChannelRules.parse(Setting.CHANNEL_RULES.defaultValue());

    @Test
    void defaultRulesMatchTheReadme() {
        assertThat(defaults.ruleFor("announce.news")).isEqualTo(new ChannelRule(Role.USER, Role.MODERATOR));
        assertThat(defaults.ruleFor("admin.ops")).isEqualTo(new ChannelRule(Role.ADMIN, Role.ADMIN));
        assertThat(defaults.ruleFor("lobby")).isEqualTo(new ChannelRule(Role.USER, Role.USER));
        assertThat(defaults.ruleFor("announcements")).isEqualTo(new ChannelRule(Role.USER, Role.USER));
    }

    @Test
    void longestPrefixWins() {
        ChannelRules rules = ChannelRules.parse("a.*:subscribe=user,publish=moderator;a.b.*:subscribe=admin,publish=admin");
        assertThat(rules.ruleFor("a.b.c").subscribe()).isEqualTo(Role.ADMIN);
        assertThat(rules.ruleFor("a.c").publish()).isEqualTo(Role.MODERATOR);
        assertThat(rules.ruleFor("z").publish()).isEqualTo(Role.USER);
    }

    @Test
    void malformedRulesAreRefusedAtStartup() {
        assertThatThrownBy(() -> ChannelRules.parse("a.:subscribe=user,publish=user")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ChannelRules.parse("a.*:subscribe=root,publish=user")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ChannelRules.parse("a.*:subscribe=user")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ChannelRules.parse("a.*:read=user,publish=user")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void readingNeedsTheSubscribeRoleAndWritingThePublishRoleOrAHigherOne() {
        assertThat(defaults.mayRead(Set.of(Role.USER), "announce.news")).isTrue();
        assertThat(defaults.mayWrite(Set.of(Role.USER), "announce.news")).isFalse();
        assertThat(defaults.mayWrite(Set.of(Role.ADMIN), "announce.news")).isTrue();
        assertThat(defaults.mayRead(Set.of(Role.MODERATOR), "admin.ops")).isFalse();
        assertThat(defaults.mayRead(Set.of(), "lobby")).isFalse();
    }

    @Test
    void rolesRank() {
        assertThat(Role.grants(Set.of(Role.ADMIN), Role.MODERATOR)).isTrue();
        assertThat(Role.grants(Set.of(Role.USER), Role.MODERATOR)).isFalse();
        assertThat(Role.groups(Set.of(Role.MODERATOR))).containsExactly("moderator", "user");
    }
}
