package org.vasco.common.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which SQL failures are an outage to wait out, and which are the statement's own, to record once. */
class DatabaseOutageTest {

    @ParameterizedTest
    @ValueSource(strings = {"08006", "08001", "08003", "53300", "53100", "57P01", "57P03", "58030", "40001", "40P01"})
    void connectionResourceShutdownAndSerialisationStatesAreOutages(String state) {
        assertThat(DatabaseOutage.isOutage(new SQLException("x", state))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"22021", "22P05", "54000", "23505", "42P01", "22001", "42601", "57014"})
    void dataIndexConstraintAndSyntaxStatesAreTheStatementsOwn(String state) {
        assertThat(DatabaseOutage.isOutage(new SQLException("x", state))).isFalse();
    }

    @Test
    void theStateIsFoundBehindThePoolsWrapperAndANoStateFailureIsThePoolsOrTheDrivers() {
        SQLException refused = new SQLException("wrapped by the pool", null, new SQLException("index row size exceeds", "54000"));
        assertThat(DatabaseOutage.state(refused)).isEqualTo("54000");
        assertThat(DatabaseOutage.isOutage(refused)).isFalse();
        SQLException chained = new SQLException("batch failed");
        chained.setNextException(new SQLException("terminating connection", "57P01"));
        assertThat(DatabaseOutage.isOutage(chained)).isTrue();
        assertThat(DatabaseOutage.isOutage(new SQLException("Connection is closed"))).isTrue();
        assertThat(DatabaseOutage.isOutage(new SQLTransientConnectionException("pool timed out after 10000ms"))).isTrue();
    }
}
