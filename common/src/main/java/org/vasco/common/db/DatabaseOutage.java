package org.vasco.common.db;

import java.sql.SQLException;

/**
 * Tells an SQL failure that says "the database cannot serve now" from one the statement itself causes. Only the first
 * kind is worth waiting out and repeating unchanged; the second fails the same way every time (a NUL byte in a text
 * value, 22021; a key too long for its index, 54000; a constraint, 23xxx) and must be recorded once and left behind, or
 * the work behind it waits for ever.
 *
 * <p>An outage is a PostgreSQL SQLState of class 08 (connection exception), 53 (insufficient resources: too many
 * connections, disk or memory full), 57P (the server shutting down or starting), 58 (system error: I/O), the
 * serialisation failure and deadlock of class 40 (40001, 40P01: the transaction may simply be run again), or an
 * exception with no SQLState anywhere in its chain: then the database has not spoken at all, the pool or the driver has
 * (a connection closed under the transaction, the pool's connection timeout), and PostgreSQL's own refusals always carry
 * a state. The chain of causes and next exceptions is searched, since a pool wraps the driver's exception. Stateless.
 */
public final class DatabaseOutage {

    private DatabaseOutage() {
    }

    /** True when {@code e} means the database is unavailable for now rather than that the statement is wrong. */
    public static boolean isOutage(SQLException e) {
        String state = state(e);
        return state == null || outageState(state);
    }

    /** The SQLState of {@code e} or of the first exception in its chain that has one; null when none has. */
    public static String state(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause() != null ? t.getCause() : next(t)) {
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                return sql.getSQLState();
            }
            if (t == t.getCause()) {
                break;
            }
        }
        return null;
    }

    static boolean outageState(String state) {
        return state.startsWith("08") || state.startsWith("53") || state.startsWith("57P") || state.startsWith("58")
                || state.equals("40001") || state.equals("40P01");
    }

    private static Throwable next(Throwable t) {
        return t instanceof SQLException sql ? sql.getNextException() : null;
    }
}
