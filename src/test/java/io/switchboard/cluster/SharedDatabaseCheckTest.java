package io.switchboard.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SharedDatabaseCheckTest {

    @Test
    void theDefaultFileDatabaseAndInMemoryDatabasesAreEmbedded() {
        assertThat(SharedDatabaseCheck.embedded("jdbc:h2:file:/var/lib/switchboard/switchboard;MODE=LEGACY")).isTrue();
        assertThat(SharedDatabaseCheck.embedded("jdbc:h2:mem:test")).isTrue();
        assertThat(SharedDatabaseCheck.embedded(" JDBC:H2:./data/switchboard")).isTrue();
    }

    @Test
    void postgresqlAndAnH2ServerAreNot() {
        assertThat(SharedDatabaseCheck.embedded("jdbc:postgresql://127.0.0.1:5432/switchboard")).isFalse();
        assertThat(SharedDatabaseCheck.embedded("jdbc:h2:tcp://db.example/switchboard")).isFalse();
        assertThat(SharedDatabaseCheck.embedded("jdbc:h2:ssl://db.example/switchboard")).isFalse();
    }

    @Test
    void theRefusalNamesEveryPostgresqlSetting() {
        assertThat(SharedDatabaseCheck.refusal("jdbc:h2:file:./data/switchboard"))
                .contains("switchboard.datasource.class=org.postgresql.ds.PGSimpleDataSource",
                        "switchboard.datasource.url=jdbc:postgresql://", "switchboard.datasource.user",
                        "switchboard.datasource.password", "jdbc:h2:file:./data/switchboard", "--nocluster");
    }
}
