package io.switchboard.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PrefixTableTest {

    private static PrefixTable<String> table(String spec) {
        return PrefixTable.parse(spec, pairs -> pairs.get("v"), "fallback");
    }

    @Test
    void everyChannelIsInExactlyOneScopeTheOneItsLookupFinds() {
        PrefixTable<String> table = table("a.*:v=a;a.b.*:v=ab;a.b.c.*:v=abc;a_b.*:v=underscore;x.*:v=x;a.*:v=shadowed");
        List<String> names = List.of("a.1", "a.b", "a.b.1", "a.b.c", "a.b.c.1", "a_b.1", "axb.1", "x.1", "y", "a", "a.bc");
        for (String name : names) {
            List<PrefixTable.Scope<String>> in = table.scopes().stream().filter(s -> s.contains(name)).toList();
            assertThat(in).as(name).hasSize(1);
            assertThat(in.get(0).value()).as(name).isEqualTo(table.lookup(name));
        }
    }

    @Test
    void aScopeLeavesOutTheLongerPrefixesInsideIt() {
        Map<String, PrefixTable.Scope<String>> scopes = new java.util.HashMap<>();
        table("a.*:v=a;a.b.*:v=ab;a.b.c.*:v=abc;x.*:v=x").scopes().forEach(s -> scopes.put(s.prefix(), s));

        assertThat(scopes).containsOnlyKeys("", "a.", "a.b.", "a.b.c.", "x.");
        assertThat(scopes.get("").except()).containsExactlyInAnyOrder("a.", "a.b.", "a.b.c.", "x.");
        assertThat(scopes.get("a.").except()).containsExactlyInAnyOrder("a.b.", "a.b.c.");
        assertThat(scopes.get("a.b.c.").except()).isEmpty();
        assertThat(scopes.get("").value()).isEqualTo("fallback");
    }
}
