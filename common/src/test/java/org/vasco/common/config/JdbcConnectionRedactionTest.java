package org.vasco.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.vasco.common.db.Database;

/** A JDBC URL may carry a password: every form that reaches a log line or an error message is redacted. */
class JdbcConnectionRedactionTest {

    @Test
    void passwordParametersAreMaskedWhereverTheyStand() {
        assertThat(JdbcConnection.redact("jdbc:postgresql://db:5432/vasco?user=v&password=s3cret&sslmode=verify-full"))
                .isEqualTo("jdbc:postgresql://db:5432/vasco?user=v&password=****&sslmode=verify-full");
        assertThat(JdbcConnection.redact("jdbc:postgresql://db/vasco?sslmode=verify-full&sslpassword=k3y&PASSWORD=x"))
                .isEqualTo("jdbc:postgresql://db/vasco?sslmode=verify-full&sslpassword=****&PASSWORD=****");
        assertThat(JdbcConnection.redact("jdbc:postgresql://v:s3cret@db/vasco")).isEqualTo("jdbc:postgresql://v:****@db/vasco");
        assertThat(JdbcConnection.redact("Connection to jdbc:postgresql://db/v?password=s3cret refused for user 'v'"))
                .isEqualTo("Connection to jdbc:postgresql://db/v?password=**** refused for user 'v'");
        assertThat(JdbcConnection.redact("jdbc:postgresql://db:5432/vasco?sslmode=verify-full&sslrootcert=/etc/ca.crt"))
                .isEqualTo("jdbc:postgresql://db:5432/vasco?sslmode=verify-full&sslrootcert=/etc/ca.crt");
    }

    @Test
    void toStringShowsNeitherPassword() {
        JdbcConnection c = new JdbcConnection("jdbc:postgresql://db/vasco?password=in-url", "v", "in-setting", 4);
        assertThat(c.toString()).contains("db/vasco", "user=v").doesNotContain("in-url", "in-setting");
    }

    @Test
    void aPoolThatCannotOpenReportsTheUrlRedacted() {
        // Hikari's own message for an unknown scheme is "Failed to get driver instance for jdbcUrl=<the whole URL>".
        JdbcConnection c = new JdbcConnection("jdbc:postgres://db/vasco?password=in-url", "v", "in-setting", 2);
        assertThatThrownBy(() -> Database.open(c, "redaction-test"))
                .hasMessageContaining("jdbc:postgres://db/vasco?password=****")
                .satisfies(e -> {
                    for (Throwable t = e; t != null; t = t.getCause()) {
                        assertThat(String.valueOf(t.getMessage())).doesNotContain("in-url", "in-setting");
                    }
                });
    }
}
