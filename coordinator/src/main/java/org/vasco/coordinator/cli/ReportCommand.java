package org.vasco.coordinator.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.ArrayList;
import java.util.List;
import org.vasco.common.db.Database;
import org.vasco.coordinator.api.ApiJson;
import org.vasco.coordinator.finalise.Funnel;
import org.vasco.coordinator.finalise.FunnelQuery;
import org.vasco.coordinator.finalise.ReportBody;
import org.vasco.coordinator.finalise.RunFinaliser;
import org.vasco.coordinator.finalise.RunReport;
import org.vasco.coordinator.finalise.UnfinishedTiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code vasco report --run R [--json]}: the run's funnel, for the run and per plate, with failed and skipped tiles
 * named. A complete run not yet finalised by the coordinator is finalised first. A run whose tiles are not all
 * final gets no funnel: the command lists the unfinished tiles and exits 1.
 */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Print a complete run's funnel (detections, vetoes, late filters, spikes, S0, each post stage,"
                + " final) for the run and per plate; an incomplete run lists its unfinished tiles and exits 1.")
public final class ReportCommand extends ClusterCommand {

    @Mixin
    RunOption runOption;

    @Option(names = "--json", description = "Print JSON for scripts.")
    boolean json;

    public ReportCommand(CliContext context) {
        super(context);
    }

    @Override
    protected int execute() throws Exception {
        String run = runOption.validated();
        try (Database db = openDatabase()) {
            // A complete run the coordinator has not finalised yet is finalised here (idempotent, locked).
            new RunFinaliser(db).finalise(run);
            RunReport report = new FunnelQuery(db).report(run);
            if (json) {
                out().println(json(report));
            } else if (report instanceof RunReport.Complete complete) {
                out().print(table(complete.funnel()));
            } else if (report instanceof RunReport.Incomplete incomplete) {
                out().print(missing(incomplete));
            } else {
                out().println(ReportBody.unfinalised(run));
            }
            out().flush();
            return report instanceof RunReport.Complete ? ExitCodes.OK : ExitCodes.FAILED;
        }
    }

    private static String json(RunReport report) throws JsonProcessingException {
        return ApiJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(ReportBody.of(report));
    }

    static String missing(RunReport.Incomplete report) {
        StringBuilder s = new StringBuilder();
        s.append("run ").append(report.runId()).append(" is not complete: ").append(report.unfinished().size())
                .append(" tiles not final (of ").append(report.tiles()).append("); no funnel until they are\n");
        for (UnfinishedTiles.UnfinishedTile t : report.unfinished()) {
            s.append(String.format("  %-32s %-6s %-9s %s%n", t.tileId(), t.plateId(), t.step(), t.state()));
        }
        return s.toString();
    }

    static String table(Funnel f) {
        StringBuilder s = new StringBuilder();
        Funnel.Counts r = f.run();
        s.append("Run ").append(f.runId()).append(" (").append(f.state()).append(", profile ").append(f.profile()).append("): ")
                .append(r.tiles()).append(" tiles, ")
                .append(r.tilesDone()).append(" done (").append(r.tilesEmpty()).append(" with no survivor), ")
                .append(r.tilesFailed()).append(" failed, ").append(r.tilesSkipped()).append(" skipped; ")
                .append(f.plates().size()).append(" plates\n\n");
        List<String[]> stages = stages(f, r);
        for (String[] row : stages) {
            s.append(String.format("  %-34s %12s%n", row[0], row[1]));
        }
        s.append("\nPer plate:\n");
        List<String> header = new ArrayList<>(List.of("plate", "tiles", "done", "empty", "failed", "skipped"));
        stages.forEach(row -> header.add(row[2]));
        List<List<String>> lines = new ArrayList<>();
        lines.add(header);
        for (Funnel.Counts p : f.plates()) {
            List<String> line = new ArrayList<>(List.of(p.plateId(), str(p.tiles()), str(p.tilesDone()), str(p.tilesEmpty()),
                    str(p.tilesFailed()), str(p.tilesSkipped())));
            stages(f, p).forEach(row -> line.add(row[1]));
            lines.add(line);
        }
        int[] width = new int[header.size()];
        for (List<String> line : lines) {
            for (int k = 0; k < line.size(); k++) {
                width[k] = Math.max(width[k], line.get(k).length());
            }
        }
        for (List<String> line : lines) {
            s.append(' ');
            for (int k = 0; k < line.size(); k++) {
                s.append(' ').append(k == 0 ? pad(line.get(k), width[k], true) : pad(line.get(k), width[k], false));
            }
            s.append('\n');
        }
        checks(s, f.checks());
        outcomes(s, "Failed tiles", f.failedTiles());
        outcomes(s, "Skipped tiles", f.skippedTiles());
        return s.toString();
    }

    /** The funnel rows of one column: label, count, short header. */
    private static List<String[]> stages(Funnel f, Funnel.Counts c) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"detections inside 30'", str(c.detections()), "det30"});
        rows.add(new String[] {"after Gaia veto", str(c.afterGaia()), "gaia"});
        rows.add(new String[] {"after PS1 veto", str(c.afterPs1()), "ps1"});
        rows.add(new String[] {"after USNO-B veto", str(c.afterUsnob()), "usnob"});
        rows.add(new String[] {"after late filters", str(c.afterLateFilters()), "late"});
        rows.add(new String[] {"after spike cut (survivors)", str(c.afterSpikes()), "spikes"});
        rows.add(new String[] {"S0 (after dedup)", str(c.s0()), "S0"});
        for (String stage : f.postStages()) {
            rows.add(new String[] {"after " + stage, str(c.afterStage().getOrDefault(stage, 0L)), stage});
        }
        rows.add(new String[] {"final", str(c.finalCount()), "final"});
        return rows;
    }

    /** The per-run checks of the S0 rows: the silent-veto-failure check first, then the Earth-shadow flags. */
    private static void checks(StringBuilder s, Funnel.S0Checks c) {
        s.append(String.format("%nChecks of the %d S0 rows:%n", c.s0Rows()));
        s.append(String.format("  Gaia DR3 within %.0f\" at the plate epoch: %d%s%n", Funnel.S0Checks.GAIA_RADIUS_ARCSEC,
                c.gaiaWithin5(), c.gaiaWithin5() == 0 ? " (check passed)"
                        : " (CHECK FAILED: the catalogue veto missed them: " + String.join(", ", c.gaiaWithin5Ids()) + ")"));
        if (c.unchecked() > 0) {
            s.append(String.format("  not checked (vetoed before the check existed): %d%n", c.unchecked()));
        }
        s.append(String.format("  inside Earth's shadow at geostationary distance (mid-exposure, flag only): %d, of them final %d%n",
                c.inEarthShadow(), c.finalInEarthShadow()));
    }

    private static void outcomes(StringBuilder s, String title, List<Funnel.TileOutcome> tiles) {
        if (tiles.isEmpty()) {
            return;
        }
        s.append('\n').append(title).append(" (").append(tiles.size()).append("):\n");
        for (Funnel.TileOutcome t : tiles) {
            s.append(String.format("  %-32s %-6s %-9s %s%s%n", t.tileId(), t.plateId(), t.step(),
                    t.reason() == null ? "" : t.reason(), t.message() == null ? "" : ": " + t.message()));
        }
    }

    private static String pad(String text, int width, boolean left) {
        return left ? String.format("%-" + width + "s", text) : String.format("%" + width + "s", text);
    }

    private static String str(long n) {
        return Long.toString(n);
    }
}
