package org.vasco.coordinator.bundle;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.vasco.common.storage.ArtefactStore;
import org.vasco.common.storage.RunArtefacts;
import org.vasco.common.storage.RunFile;
import org.vasco.coordinator.api.CandidateQueries;
import org.vasco.coordinator.review.ReviewsCsv;
import org.vasco.common.summary.FunnelCounter;
import org.vasco.coordinator.finalise.CsvTable;
import org.vasco.coordinator.finalise.ExportFormat;
import org.vasco.coordinator.finalise.FunnelText;
import org.vasco.coordinator.finalise.RunReport;
import org.vasco.coordinator.finalise.RunResults;
import org.vasco.coordinator.finalise.RunResultsQuery;
import org.vasco.coordinator.finalise.SurvivorExport;
import org.vasco.coordinator.json.ApiJson;
import org.vasco.coordinator.report.RunReportPage;
import org.vasco.coordinator.run.StepSpan;

/**
 * Writes a finalised run's bundle ({@link RunFile}) from its {@link RunResults}: the candidates (every S0 row, and
 * the final list) as CSV and VOTable, every post stage's verdicts and ledger, the funnel as {@code vasco report}
 * prints it (text and JSON), the tile coverage, the step timeline, the provenance, the report page, a demo's
 * recovery figures, and the checksum manifest last. The directory is replaced whole
 * ({@link ArtefactStore#replaceDirectory}): a reader never sees a half-written bundle, and a run finalised again
 * after {@code vasco retry} gets a new bundle, not a mix. Thread-safe; one writer per run at a time.
 */
public final class RunBundleWriter {

    /** The tile coverage's fixed columns; the tile counters of {@link RunResultsQuery#TILE_COUNTERS} follow. */
    static final List<String> TILE_COLUMNS = List.of("tile_id", "plate_id", "ra_deg", "dec_deg", "state", "step", "reason",
            "message", "finished_at", "psf_fwhm_px", "psf_stars", "wcsfix_applied", "wcsfix_tie_points", "wcsfix_sigma_arcsec");

    private final RunReportPage page;

    public RunBundleWriter(RunReportPage page) {
        this.page = page;
    }

    /**
     * Writes (or replaces) the run's bundle in {@code store}; returns its layout.
     *
     * @param reviews the run's review verdicts so far, oldest first
     */
    public RunArtefacts write(ArtefactStore store, RunResults results, List<CandidateQueries.ReviewRecord> reviews)
            throws IOException {
        RunArtefacts bundle = store.runArtefacts(results.run().runId());
        store.replaceDirectory(bundle.directory(), dir -> fill(dir, results, reviews));
        return bundle;
    }

    private void fill(Path dir, RunResults r, List<CandidateQueries.ReviewRecord> reviews) throws IOException {
        List<String> written = new ArrayList<>();
        SurvivorExport all = new SurvivorExport(r.candidates(), r.stages());
        SurvivorExport finals = new SurvivorExport(r.finalCandidates(), r.stages());
        file(dir, written, RunFile.CANDIDATES_CSV, out -> all.write(ExportFormat.CSV, out));
        file(dir, written, RunFile.CANDIDATES_VOTABLE, out -> all.write(ExportFormat.VOTABLE, out));
        file(dir, written, RunFile.CANDIDATES_JSON, out -> all.write(ExportFormat.JSON, out));
        file(dir, written, RunFile.FINAL_CSV, out -> finals.write(ExportFormat.CSV, out));
        file(dir, written, RunFile.FINAL_VOTABLE, out -> finals.write(ExportFormat.VOTABLE, out));
        file(dir, written, RunFile.STAGE_VERDICTS, out -> csv(out, w -> {
            CsvTable.line(w, List.of("stage", "src_id", "verdict", "reason", "details"));
            for (RunResults.StageVerdict v : r.verdicts()) {
                CsvTable.line(w, List.of(v.stage(), v.srcId(), v.verdict(), v.reason() == null ? "" : v.reason(),
                        v.details() == null ? "" : v.details().toString()));
            }
        }));
        file(dir, written, RunFile.STAGE_LEDGERS, out -> out.write(pretty(r.ledgers())));
        RunReport report = new RunReport.Complete(r.funnel());
        file(dir, written, RunFile.FUNNEL_TEXT, out -> out.write(FunnelText.table(r.funnel()).getBytes(StandardCharsets.UTF_8)));
        file(dir, written, RunFile.FUNNEL_JSON, out -> out.write((FunnelText.json(report) + "\n").getBytes(StandardCharsets.UTF_8)));
        file(dir, written, RunFile.TILE_COVERAGE, out -> csv(out, w -> tileCoverage(w, r.tiles())));
        file(dir, written, RunFile.STEP_TIMELINE, out -> csv(out, w -> {
            CsvTable.line(w, List.of("tile_id", "step", "state", "attempt", "started_at", "finished_at"));
            for (StepSpan s : r.timeline()) {
                CsvTable.line(w, Arrays.asList(s.tileId(), s.step(), s.state(), s.attempt(), s.startedAt(),
                        s.finishedAt()));
            }
        }));
        file(dir, written, RunFile.REVIEWS, out -> csv(out, w -> ReviewsCsv.write(r.run().runId(), reviews, w)));
        file(dir, written, RunFile.PROVENANCE, out -> out.write(pretty(r.provenance())));
        file(dir, written, RunFile.REPORT, out -> out.write(page.finalised(r, r.progress()).getBytes(StandardCharsets.UTF_8)));
        if (r.recovery() != null) {
            file(dir, written, RunFile.RECOVERY, out -> out.write(pretty(r.recovery())));
        }
        Files.writeString(RunFile.CHECKSUMS.in(dir), ChecksumManifest.of(dir, written).text(), StandardCharsets.UTF_8);
    }

    private static void tileCoverage(Writer w, List<RunResults.TileRecord> tiles) throws IOException {
        List<String> header = new ArrayList<>(TILE_COLUMNS);
        RunResultsQuery.TILE_COUNTERS.forEach(c -> header.add(c.key()));
        CsvTable.line(w, header);
        for (RunResults.TileRecord t : tiles) {
            List<Object> row = new ArrayList<>(Arrays.asList(t.tileId(), t.plateId(), t.raDeg(), t.decDeg(),
                    t.state(), t.step(), t.reason(), t.message(), t.finishedAt(), t.psfFwhmPx(), t.psfStars(), t.wcsfixOk(),
                    t.tiePoints(), t.wcsfixSigmaArcsec()));
            for (FunnelCounter c : RunResultsQuery.TILE_COUNTERS) {
                row.add(t.counters().get(c.key()));
            }
            CsvTable.line(w, row);
        }
    }

    private static byte[] pretty(Object value) throws IOException {
        return (ApiJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(value) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    private interface Lines {
        void write(Writer w) throws IOException;
    }

    private static void csv(OutputStream out, Lines lines) throws IOException {
        Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
        lines.write(w);
        w.flush();
    }

    private static void file(Path dir, List<String> written, RunFile file, ArtefactStore.ContentWriter content)
            throws IOException {
        try (OutputStream out = Files.newOutputStream(file.in(dir))) {
            content.write(out);
        }
        written.add(file.fileName());
    }
}
