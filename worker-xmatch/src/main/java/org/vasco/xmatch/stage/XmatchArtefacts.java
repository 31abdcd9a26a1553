package org.vasco.xmatch.stage;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vasco.common.detection.Detection;
import org.vasco.common.detection.MeasuredColumns;
import org.vasco.common.late.LateCuts;
import org.vasco.common.late.LateReason;
import org.vasco.common.storage.ArtefactFile;
import org.vasco.common.storage.ArtefactStore;
import org.vasco.common.tile.TileId;
import org.vasco.xmatch.science.CatalogueVetoResult;
import org.vasco.xmatch.science.RejectedDetection;
import org.vasco.xmatch.science.RejectionStage;
import org.vasco.xmatch.science.Survivor;

/**
 * The per-tile files of step 4 ({@link ArtefactFile}), each written atomically, by the xmatch stage under
 * {@code tiles/<tile_id>/xmatch/} and by {@code vasco process} into its output directory:
 * <ul>
 * <li>{@code ArtefactFile.VETO_SURVIVORS} ({@code NUMBER,X_IMAGE,Y_IMAGE}, X/Y as {@link Double#toString} of the
 *     catalogue's values): the USNO-B remainder, the list the fast path's measurement pass associates with;</li>
 * <li>{@code ArtefactFile.SURVIVORS}, only when the late cuts are given ({@code vasco process}): the reference's
 *     {@code sextractor_pass2.filtered.csv} — the pass-2 columns, RA_corr, Dec_corr (empty when WCSFIX failed),
 *     spike_reason, then src_id ({@code <tile_id>:<NUMBER>}); in the cluster the veto step applies those cuts;</li>
 * <li>{@code ArtefactFile.PSF_REFERENCE}, same format, written by the xmatch stage in the fast path only
 *     ({@link #writePsfReference}): the position-pass detections S0M's PSF selection can pick by position;</li>
 * <li>{@code ArtefactFile.REJECTED} (NUMBER, stage, reject_reason, ra, dec, details), with the late-filter and spike
 *     rejections when the late cuts are given;</li>
 * <li>{@code veto_pairs.csv} (the reference's {@code sex_<cat>_xmatch.csv} in one file);</li>
 * <li>{@code hpm_flagged.csv};</li>
 * <li>{@code ArtefactFile.SUMMARY}: a flat object like the reference's {@code MNRAS_SUMMARY.json}, the SPEC §8.2
 *     counters ({@link org.vasco.common.summary.FunnelCounter}, those of the late cuts when given), plus
 *     {@code wcsfix}, the WCSFIX status object.</li>
 * </ul>
 */
public final class XmatchArtefacts {

    static final ObjectMapper JSON = new ObjectMapper();

    /** The columns of {@code ArtefactFile.SURVIVORS}, in order. */
    public static final List<String> SURVIVOR_COLUMNS = survivorColumns();

    /** The columns of the veto survivors' pixel positions (and of the fast path's possible S0M PSF stars). */
    public static final List<String> VETO_SURVIVOR_COLUMNS = List.of("NUMBER", "X_IMAGE", "Y_IMAGE");

    private XmatchArtefacts() {
    }

    private static List<String> survivorColumns() {
        List<String> header = new ArrayList<>(MeasuredColumns.NAMES);
        header.addAll(List.of("RA_corr", "Dec_corr", "spike_reason", "src_id"));
        return List.copyOf(header);
    }

    /**
     * Writes step 4's files into {@code dir} (no {@code ArtefactFile.SURVIVORS}: the late cuts have not run yet).
     *
     * @param store the store whose atomic write is used (any root; {@code dir} need not be under it)
     * @param tile  the tile, for the source ids
     */
    public static void write(ArtefactStore store, Path dir, TileId tile, CatalogueVetoResult result) throws IOException {
        write(store, dir, tile, result, null);
    }

    /**
     * Writes step 4's files and, when {@code cuts} (the late cuts on {@code result}'s survivors, in their order) is
     * given, the survivors of those cuts and their rejections, as one local run of steps 2–4 leaves them.
     */
    public static void write(ArtefactStore store, Path dir, TileId tile, CatalogueVetoResult result, LateCuts.Outcome cuts)
            throws IOException {
        List<RejectedDetection> rejected = new ArrayList<>(result.rejected());
        Map<String, Object> counters = new LinkedHashMap<>(result.counters());
        if (cuts != null) {
            if (cuts.judged().size() != result.survivors().size()) {
                throw new IllegalArgumentException("the late cuts judged " + cuts.judged().size() + " detections, step 4 left "
                        + result.survivors().size());
            }
            List<List<Object>> survivors = new ArrayList<>();
            for (int k = 0; k < cuts.judged().size(); k++) {
                Survivor s = result.survivors().get(k);
                LateCuts.Judged j = cuts.judged().get(k);
                if (j.lateRejected()) {
                    rejected.add(new RejectedDetection(j.detection(), RejectionStage.LATE_FILTERS,
                            j.lateReasons().stream().map(LateReason::label).toList(), s.raDeg(), s.decDeg(), Map.of()));
                } else if (j.spikeRejected()) {
                    Map<String, Object> details = new LinkedHashMap<>();
                    details.put("spike_d_arcmin", j.spike().distanceArcsec() / 60.0);
                    details.put("spike_m_near", j.spike().starMagnitude());
                    rejected.add(new RejectedDetection(j.detection(), RejectionStage.SPIKE, List.of(j.spike().rule().label()),
                            j.detection().alphaJ2000(), j.detection().deltaJ2000(), details));
                } else {
                    survivors.add(survivorRow(tile, j.detection(), s));
                }
            }
            csv(store, ArtefactFile.SURVIVORS.in(dir), SURVIVOR_COLUMNS, survivors);
            counters.putAll(cuts.counters());
        }
        positions(store, ArtefactFile.VETO_SURVIVORS.in(dir), result.survivors().stream().map(Survivor::detection).toList());
        csv(store, ArtefactFile.REJECTED.in(dir), List.of("NUMBER", "stage", "reject_reason", "ra", "dec", "details"),
                rejected.stream().map(XmatchArtefacts::rejectedRow).toList());
        csv(store, ArtefactFile.VETO_PAIRS.in(dir), List.of("catalogue", "NUMBER", "source_row", "separation_arcsec"),
                result.vetoPairs().stream().map(p -> List.<Object>of(p.catalogue().label(), p.detectionNumber(), p.sourceRow(),
                        p.separationArcsec())).toList());
        csv(store, ArtefactFile.HPM_FLAGGED.in(dir), List.of("NUMBER", "gaia_row", "separation_arcsec", "motion_arcsec"),
                result.hpm().stream().map(h -> List.<Object>of(h.detectionNumber(), h.gaiaRow(), h.separationArcsec(),
                        h.motionArcsec())).toList());
        Map<String, Object> summary = new LinkedHashMap<>();
        counters.forEach((k, v) -> summary.put(k, MeasuredColumns.finiteOrNull(v)));
        summary.put("wcsfix", result.wcsfix().toMap());
        store.writeAtomically(ArtefactFile.SUMMARY.in(dir), out -> out.write(JSON.writerWithDefaultPrettyPrinter()
                .writeValueAsBytes(summary)));
    }

    /**
     * Writes {@code ArtefactFile.PSF_REFERENCE} into {@code dir}: the detections (of the position pass) that S0M's PSF
     * selection can pick by position, for the fast path's measurement pass.
     */
    public static void writePsfReference(ArtefactStore store, Path dir, List<Detection> detections) throws IOException {
        positions(store, ArtefactFile.PSF_REFERENCE.in(dir), detections);
    }

    private static void positions(ArtefactStore store, Path target, List<Detection> detections) throws IOException {
        csv(store, target, VETO_SURVIVOR_COLUMNS, detections.stream()
                .map(d -> List.<Object>of(d.number(), Double.toString(d.xImage()), Double.toString(d.yImage()))).toList());
    }

    /** A survivor's row: the measured columns, the WCSFIX position and the spike reason ("" for a survivor). */
    private static List<Object> survivorRow(TileId tile, Detection measured, Survivor s) {
        List<Object> row = new ArrayList<>(MeasuredColumns.values(measured));
        row.addAll(List.of(s.raCorr(), s.decCorr(), "", s.srcId(tile.value())));
        return row;
    }

    private static List<Object> rejectedRow(RejectedDetection r) {
        return List.of(r.detection().number(), r.stage().name().toLowerCase(java.util.Locale.ROOT),
                String.join("|", r.reasons()), r.raDeg(), r.decDeg(), MeasuredColumns.json(r.details()));
    }

    /**
     * A CSV table as every artefact here is written: a header, one line per row, empty cells for null and non-finite
     * numbers, quoting where needed; atomically (temporary file, then rename).
     */
    public static void csv(ArtefactStore store, Path target, List<String> header, List<List<Object>> rows) throws IOException {
        store.writeAtomically(target, out -> {
            Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            w.write(String.join(",", header));
            w.write('\n');
            for (List<Object> row : rows) {
                for (int k = 0; k < row.size(); k++) {
                    if (k > 0) {
                        w.write(',');
                    }
                    w.write(cell(row.get(k)));
                }
                w.write('\n');
            }
            w.flush();
        });
    }

    private static String cell(Object value) {
        if (value == null || value instanceof Double d && !Double.isFinite(d)) {
            return "";
        }
        String text = value.toString();
        if (text.indexOf(',') < 0 && text.indexOf('"') < 0 && text.indexOf('\n') < 0) {
            return text;
        }
        return '"' + text.replace("\"", "\"\"") + '"';
    }
}
