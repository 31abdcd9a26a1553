package org.vasco.coordinator.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.vasco.common.db.Database;
import org.vasco.common.storage.ArtefactStore;
import org.vasco.coordinator.finalise.ExportFormat;
import org.vasco.coordinator.finalise.ReportBody;
import org.vasco.coordinator.finalise.RunCandidate;
import org.vasco.coordinator.finalise.RunFinaliser;
import org.vasco.coordinator.finalise.SurvivorExport;
import org.vasco.coordinator.finalise.SurvivorSelection;
import org.vasco.coordinator.finalise.UnfinishedTiles;
import org.vasco.coordinator.run.InvalidRunRequestException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code vasco candidates --run R [--stage FINAL|S0|ALL|<stage>] --format csv|votable|json [--out FILE]}: a run's
 * survivor list with position, plate epoch, measurements and every stage verdict ({@link SurvivorExport}). The file
 * named by {@code --out} appears only when complete. A run whose tiles are not all final is refused (exit 1) with
 * the unfinished tiles named, like {@code vasco report}; a complete run not yet finalised is finalised first. Without
 * a cluster it reads the run's bundle ({@link BundleOption}), with the same output.
 */
@Command(name = "candidates", mixinStandardHelpOptions = true,
        description = "Export a complete run's candidates (FINAL by default, or S0, ALL, or those left after a post"
                + " stage) with measurements and every stage verdict, as CSV, VOTable or JSON.")
public final class CandidatesCommand extends ClusterCommand {

    @Mixin
    RunOption runOption;

    @Mixin
    BundleOption bundle;

    @Option(names = "--stage", paramLabel = "STAGE", defaultValue = "FINAL",
            description = "FINAL, S0, ALL (duplicates included and marked) or a post stage such as S3_SCOS"
                    + " (default: ${DEFAULT-VALUE}).")
    String stage;

    @Option(names = "--format", required = true, paramLabel = "FORMAT", description = "csv, votable or json.")
    String format;

    @Option(names = "--out", paramLabel = "FILE", description = "Write to FILE (atomically) instead of standard output.")
    Path out;

    public CandidatesCommand(CliContext context) {
        super(context);
    }

    @Override
    protected int execute() throws Exception {
        String run = runOption.validated();
        ExportFormat exportFormat;
        try {
            exportFormat = ExportFormat.parse(format);
        } catch (IllegalArgumentException e) {
            throw new InvalidRunRequestException("--format: " + e.getMessage());
        }
        List<RunCandidate> candidates;
        try (RunSource source = openRun(run, bundle)) {
            if (source instanceof RunSource.Bundle b) {
                candidates = b.bundle().candidates();
            } else {
                Optional<List<RunCandidate>> loaded = fromCluster(((RunSource.Cluster) source).database(), run);
                if (loaded.isEmpty()) {
                    return ExitCodes.FAILED;
                }
                candidates = loaded.get();
            }
        }
        List<String> stages = RunCandidate.stagesOf(candidates);
        SurvivorSelection selection;
        try {
            selection = SurvivorSelection.parse(stage, stages);
        } catch (IllegalArgumentException e) {
            throw new InvalidRunRequestException("--stage: " + e.getMessage());
        }
        SurvivorExport export = new SurvivorExport(selection.select(candidates, stages), stages);
        if (out == null) {
            WriterOutputStream stdout = new WriterOutputStream(out());
            export.write(exportFormat, stdout);
            stdout.finish();
        } else {
            writeAtomically(out, stream -> export.write(exportFormat, stream));
        }
        return ExitCodes.OK;
    }

    /** The run's candidates from the database once it is finalised; empty (having said why) while it is not. */
    private Optional<List<RunCandidate>> fromCluster(Database db, String run) throws Exception {
        try (Connection c = db.connection()) {
            c.setReadOnly(true);
            if (!runExists(c, run)) {
                throw new InvalidRunRequestException("Unknown run '" + run + "'");
            }
            List<UnfinishedTiles.UnfinishedTile> unfinished = UnfinishedTiles.of(c, run);
            if (!unfinished.isEmpty()) {
                err().println("vasco candidates: run " + run + " is not complete: " + unfinished.size()
                        + " tiles not final; 'vasco report --run " + run + "' lists them");
                return Optional.empty();
            }
            new RunFinaliser(db).finalise(run);
            if (RunFinaliser.isDue(c, run)) {
                err().println("vasco candidates: " + ReportBody.unfinalised(run));
                return Optional.empty();
            }
            return Optional.of(RunCandidate.load(c, run));
        }
    }

    private static boolean runExists(Connection c, String run) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM run WHERE run_id = ?")) {
            ps.setString(1, run);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** Content to a temporary file next to {@code target}, renamed into place when complete. */
    private static void writeAtomically(Path target, ArtefactStore.ContentWriter writer) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path temp = dir.resolve(".tmp-" + target.getFileName() + "-" + UUID.randomUUID());
        try {
            try (OutputStream stream = Files.newOutputStream(temp)) {
                writer.write(stream);
            }
            ArtefactStore.moveIntoPlace(temp, target);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Bytes to the command's (UTF-8) output writer, so tests capture standard output too. */
    private static final class WriterOutputStream extends OutputStream {
        private final PrintWriter writer;
        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();

        WriterOutputStream(PrintWriter writer) {
            this.writer = writer;
        }

        @Override
        public void write(int b) {
            buffer.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            buffer.write(b, off, len);
        }

        /** Decodes once at the end, so no multi-byte character is split by an intermediate flush. */
        void finish() {
            writer.write(buffer.toString(StandardCharsets.UTF_8));
            writer.flush();
        }
    }
}
