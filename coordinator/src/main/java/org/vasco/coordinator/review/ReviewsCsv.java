package org.vasco.coordinator.review;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.vasco.coordinator.api.CandidateQueries.ReviewRecord;
import org.vasco.coordinator.finalise.CsvTable;

/**
 * The review verdicts of a run as CSV ({@link CsvTable}'s dialect): one line per decision, oldest first, with the
 * candidate's tile, plate and position and whether the decision is the candidate's latest. A reviewer's name is
 * typed text: a cell that a spreadsheet would run as a formula (starting with {@code = + - @}, a tab or a carriage
 * return) gets a leading apostrophe.
 */
public final class ReviewsCsv {

    public static final String CONTENT_TYPE = "text/csv; charset=utf-8";
    public static final List<String> COLUMNS = List.of("run_id", "src_id", "tile_id", "plate_id", "ra_deg", "dec_deg",
            "verdict", "reviewer", "decided_at", "latest");

    private ReviewsCsv() {
    }

    /** {@code reviews_<run>.csv}, the name the export is downloaded as. */
    static String fileName(String runId) {
        return "reviews_" + runId + ".csv";
    }

    public static void write(String runId, List<ReviewRecord> reviews, Writer w) throws IOException {
        CsvTable.line(w, COLUMNS);
        for (ReviewRecord r : reviews) {
            CsvTable.line(w, Arrays.asList(runId, r.srcId(), r.tileId(), r.plateId(), r.raDeg(), r.decDeg(), r.verdict(),
                    inert(r.reviewer()), r.decidedAt(), r.latest()));
        }
    }

    static byte[] bytes(String runId, List<ReviewRecord> reviews) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        write(runId, reviews, w);
        w.flush();
        return out.toByteArray();
    }

    private static String inert(String text) {
        return !text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0 ? "'" + text : text;
    }
}
