package org.vasco.veto.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.concurrent.Callable;
import org.vasco.common.config.ClusterEnvironment;
import org.vasco.common.config.Environment;
import org.vasco.common.config.JdbcConnection;
import org.vasco.common.db.Database;
import org.vasco.veto.vsx.VsxCatalogue;
import org.vasco.veto.vsx.VsxFileReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code vasco catalog import-vsx FILE}: loads VSX (CDS {@code B/vsx} {@code vsx.dat}, or a slim CSV or FITS table
 * with RAdeg/DEdeg) into the cluster database, replacing any earlier import in one transaction. Exit code 0 on
 * success, 2 when the file is unreadable or malformed (one line on stderr naming the file and the problem),
 * 3 when the database fails.
 */
@Command(name = "import-vsx", mixinStandardHelpOptions = true,
        description = {"Import the AAVSO VSX catalogue for the S5 post stage.",
            "FILE is the CDS B/vsx vsx.dat (fixed width, optionally .gz), a CSV (optionally .gz) or a FITS binary "
                + "table with RAdeg,DEdeg[,Name,OID,Type] columns. The database comes from VASCO_JDBC_URL/USER/PASSWORD."})
public final class ImportVsxCommand implements Callable<Integer> {

    static final int EXIT_BAD_INPUT = 2;
    static final int EXIT_DATABASE = 3;

    private final ClusterEnvironment cluster;

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "vsx.dat[.gz], slim .csv[.gz] or slim .fits")
    private Path file;

    public ImportVsxCommand() {
        this(Environment::system);
    }

    /** @param cluster finds the cluster's database (the local one of {@code ./vasco up}, or the {@code VASCO_…} environment) */
    public ImportVsxCommand(ClusterEnvironment cluster) {
        this.cluster = cluster;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String sha256;
        try {
            sha256 = sha256(file);
        } catch (IOException e) {
            err.println("import-vsx: cannot read " + file + ": " + e.getMessage());
            return EXIT_BAD_INPUT;
        }
        Environment environment;
        try {
            environment = cluster.locate();
        } catch (Exception e) {
            err.println("import-vsx: " + e.getMessage());
            return EXIT_BAD_INPUT;
        }
        try (Database db = Database.open(JdbcConnection.from(environment), "import-vsx").migrate()) {
            VsxFileReader.Result result = new VsxCatalogue(db.dataSource()).importFile(file, sha256);
            out.printf("imported %d VSX entries from %s (%d without a position skipped)%n", result.rows(), file,
                    result.skippedWithoutPosition());
            return 0;
        } catch (IOException e) {
            err.println("import-vsx: " + e.getMessage());
            return EXIT_BAD_INPUT;
        } catch (SQLException | RuntimeException e) {
            err.println("import-vsx: the database failed while importing " + file + ": " + e.getMessage());
            return EXIT_DATABASE;
        }
    }

    private static String sha256(Path file) throws IOException {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
