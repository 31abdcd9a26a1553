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
import org.vasco.common.storage.ArtefactStore;
import org.vasco.common.tile.TileId;
import org.vasco.xmatch.science.RejectedDetection;
import org.vasco.xmatch.science.Step4Result;
import org.vasco.xmatch.science.Survivor;

/**
 * The per-tile files of step 4 under {@code tiles/<tile_id>/xmatch/}, each written atomically:
 * {@code survivors.csv} (pass-2 columns + RA_corr, Dec_corr, ra, dec, spike_reason — the reference's
 * {@code sextractor_pass2.filtered.csv}), {@code rejected.csv} (NUMBER, stage, reject_reason, ra, dec,
 * details), {@code veto_pairs.csv} (the reference's {@code sex_<cat>_xmatch.csv} in one file),
 * {@code hpm_flagged.csv} and {@code summary.json} (counters and WCSFIX status).
 */
final class Step4Artefacts {

    static final ObjectMapper JSON = new ObjectMapper();

    private Step4Artefacts() {
    }

    static void write(ArtefactStore store, TileId tile, Step4Result result) throws IOException {
        Path dir = store.tileArea(tile, "xmatch");
        List<String> survivorHeader = new ArrayList<>(List.of("src_id"));
        survivorHeader.addAll(DetectionColumns.NAMES);
        survivorHeader.addAll(List.of("RA_corr", "Dec_corr", "ra", "dec", "spike_reason"));
        csv(store, dir.resolve("survivors.csv"), survivorHeader, result.survivors().stream().map(s -> survivorRow(tile, s)).toList());
        csv(store, dir.resolve("rejected.csv"), List.of("NUMBER", "stage", "reject_reason", "ra", "dec", "details"),
                result.rejected().stream().map(Step4Artefacts::rejectedRow).toList());
        csv(store, dir.resolve("veto_pairs.csv"), List.of("catalogue", "NUMBER", "source_row", "separation_arcsec"),
                result.vetoPairs().stream().map(p -> List.<Object>of(p.catalogue().label(), p.detectionNumber(), p.sourceRow(),
                        p.separationArcsec())).toList());
        csv(store, dir.resolve("hpm_flagged.csv"), List.of("NUMBER", "gaia_row", "separation_arcsec", "motion_arcsec"),
                result.hpm().stream().map(h -> List.<Object>of(h.detectionNumber(), h.gaiaRow(), h.separationArcsec(),
                        h.motionArcsec())).toList());
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("counters", result.counters());
        summary.put("wcsfix", result.wcsfix().toMap());
        store.writeAtomically(dir.resolve("summary.json"), out -> out.write(JSON.writerWithDefaultPrettyPrinter()
                .writeValueAsBytes(summary)));
    }

    private static List<Object> survivorRow(TileId tile, Survivor s) {
        List<Object> row = new ArrayList<>(List.of(s.srcId(tile.value())));
        row.addAll(DetectionColumns.values(s.detection()));
        row.addAll(List.of(s.raCorr(), s.decCorr(), s.raDeg(), s.decDeg(), s.spikeReason()));
        return row;
    }

    private static List<Object> rejectedRow(RejectedDetection r) {
        String details;
        try {
            Map<String, Object> safe = new LinkedHashMap<>();
            r.details().forEach((k, v) -> safe.put(k, DetectionColumns.finiteOrNull(v)));
            details = JSON.writeValueAsString(safe);
        } catch (IOException e) {
            throw new IllegalStateException("details of a rejected row are plain values", e);
        }
        return List.of(r.detection().number(), r.stage().name().toLowerCase(java.util.Locale.ROOT),
                String.join("|", r.reasons()), r.raDeg(), r.decDeg(), details);
    }

    private static void csv(ArtefactStore store, Path target, List<String> header, List<List<Object>> rows) throws IOException {
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
