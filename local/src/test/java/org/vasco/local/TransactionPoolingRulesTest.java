package org.vasco.local;

import static com.tngtech.archunit.base.DescribedPredicate.describe;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The services keep no state in a database session, so they work behind PgBouncer in transaction mode, where each
 * transaction may run on another server connection (docs/operations.md, "Database connections"): no session-level
 * advisory lock, no session setting ({@code SET} that is not {@code SET LOCAL} or {@code SET TRANSACTION},
 * {@code set_config(…, false)}), no {@code LISTEN}, no SQL-level {@code PREPARE}, no cursor held past its transaction,
 * and no JDBC call that changes the session ({@code setTransactionIsolation}, {@code setSchema}, {@code setCatalog}).
 * The benchmarks (their own scratch database) and the test kit are not services and are left out.
 */
class TransactionPoolingRulesTest {

    private static final Set<String> NOT_SERVICES = Set.of("org.vasco.local.bench", "org.vasco.testkit");
    /** SQL for the catalogue mirrors' in-process DuckDB engine (security.md §3), never sent to PostgreSQL. */
    private static final String DUCKDB_SQL = "org.vasco.xmatch.mirror";
    private static final Set<String> SESSION_METHODS = Set.of("setTransactionIsolation", "setSchema", "setCatalog");
    private static final List<Pattern> SESSION_SQL = List.of(
            Pattern.compile("pg_(try_)?advisory_(lock|unlock|lock_shared|unlock_shared|unlock_all)\\s*\\(", Pattern.CASE_INSENSITIVE),
            // SQL is written in capitals here; case-sensitive, so a log message starting "Set up" is no statement
            Pattern.compile("^\\s*SET\\s+(?!LOCAL\\b|TRANSACTION\\b)"),
            Pattern.compile("^\\s*RESET\\b"),
            Pattern.compile("set_config\\s*\\((?![^)]*,\\s*true\\s*\\))", Pattern.CASE_INSENSITIVE),
            Pattern.compile("^\\s*(LISTEN|PREPARE)\\b"),
            Pattern.compile("\\bWITH\\s+HOLD\\b"));

    private static JavaClasses services;

    @BeforeAll
    static void importClasses() {
        services = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("org.vasco")
                .that(describe("are services", (JavaClass c) -> NOT_SERVICES.stream().noneMatch(p -> c.getPackageName().startsWith(p))));
        assertThat(services.stream().map(JavaClass::getPackageName).distinct())
                .contains("org.vasco.common.stage", "org.vasco.coordinator.finalise", "org.vasco.xmatch.catalog", "org.vasco.veto.chain");
    }

    @Test
    void noJdbcCallChangesTheSession() {
        noClasses().should().callMethodWhere(describe("Connection.setTransactionIsolation/setSchema/setCatalog",
                        (JavaMethodCall call) -> call.getTargetOwner().isAssignableTo(Connection.class)
                                && SESSION_METHODS.contains(call.getName())))
                .because("the JDBC driver sends them as session commands, which PgBouncer's transaction pooling gives to other"
                        + " clients; set an isolation level with SET TRANSACTION inside the transaction")
                .check(services);
    }

    @Test
    void noSqlKeepsStateInTheSession() throws IOException {
        List<String> found = new ArrayList<>();
        int constants = 0;
        for (JavaClass c : services) {
            if (c.getPackageName().startsWith(DUCKDB_SQL)) {
                continue;
            }
            for (StepContractTest.Constant k : StepContractTest.constants(c)) {
                constants++;
                for (Pattern p : SESSION_SQL) {
                    if (p.matcher(k.text()).find()) {
                        found.add(c.getName() + ": " + k);
                    }
                }
            }
        }
        assertThat(found).as("SQL that keeps state in the database session (breaks behind PgBouncer in transaction mode)").isEmpty();
        assertThat(constants).as("string constants scanned").isGreaterThan(1000);
    }
}
