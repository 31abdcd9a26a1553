package org.vasco.coordinator.finalise;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import uk.ac.starlink.table.ColumnInfo;
import uk.ac.starlink.table.RowListStarTable;
import uk.ac.starlink.votable.DataFormat;
import uk.ac.starlink.votable.VOTableVersion;
import uk.ac.starlink.votable.VOTableWriter;

/**
 * Writes a selection of a run's candidates ({@link SurvivorSelection}) as CSV, VOTable or JSON. Every row carries
 * src_id, tile_id, plate_id, object_number, ra, dec (degrees, J2000), plate_epoch (decimal year), duplicate_of and
 * merged_ids (S0 dedup), then a verdict and a reason column per post stage in release order
 * ({@code <stage>_verdict}, {@code <stage>_reason}; empty when the stage gave none), then the step-4
 * measurements: in CSV and VOTable one column per measurement name (first-seen order; a name that clashes with a
 * fixed column gets an {@code m_} prefix), in JSON nested objects {@code verdicts} and {@code measurements}.
 */
public final class SurvivorExport {

    /** STIL logs through java.util.logging at INFO; keep a strong reference so the level sticks. */
    private static final Logger STARLINK_LOG = Logger.getLogger("uk.ac.starlink");

    static {
        STARLINK_LOG.setLevel(Level.WARNING);
    }

    static final List<String> FIXED = List.of("src_id", "tile_id", "plate_id", "object_number", "ra", "dec",
            "plate_epoch", "duplicate_of", "merged_ids");

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<RunCandidate> rows;
    private final List<String> stages;
    /** Measurement name in the stored JSON to its column name. */
    private final Map<String, String> measurementColumns = new LinkedHashMap<>();
    private final Map<String, Class<?>> measurementTypes = new LinkedHashMap<>();
    private final List<JsonNode> measurements = new ArrayList<>();

    /**
     * @param rows    the candidates to write, in output order
     * @param stages  the post stages to give verdict columns, in release order
     * @throws IOException when a stored measurements value is not a JSON object
     */
    public SurvivorExport(List<RunCandidate> rows, List<String> stages) throws IOException {
        this.rows = rows;
        this.stages = stages;
        List<String> taken = new ArrayList<>(FIXED);
        for (String stage : stages) {
            taken.add(stage + "_verdict");
            taken.add(stage + "_reason");
        }
        for (RunCandidate row : rows) {
            JsonNode m = row.measurements() == null ? JSON.createObjectNode() : JSON.readTree(row.measurements());
            if (!m.isObject()) {
                throw new IOException("Candidate " + row.srcId() + ": measurements are not a JSON object: " + row.measurements());
            }
            measurements.add(m);
            for (Iterator<Map.Entry<String, JsonNode>> it = m.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                if (!measurementColumns.containsKey(field.getKey())) {
                    String column = taken.contains(field.getKey()) ? "m_" + field.getKey() : field.getKey();
                    measurementColumns.put(field.getKey(), column);
                    taken.add(column);
                }
                measurementTypes.merge(field.getKey(), typeOf(field.getValue()), SurvivorExport::widen);
            }
        }
    }

    /** Writes the rows in {@code format}; the stream is flushed, not closed. */
    public void write(ExportFormat format, OutputStream out) throws IOException {
        switch (format) {
            case CSV -> writeCsv(out);
            case VOTABLE -> writeVoTable(out);
            case JSON -> writeJson(out);
        }
        out.flush();
    }

    private void writeCsv(OutputStream out) throws IOException {
        Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
        List<String> header = new ArrayList<>(FIXED);
        for (String stage : stages) {
            header.add(stage + "_verdict");
            header.add(stage + "_reason");
        }
        header.addAll(measurementColumns.values());
        CsvTable.line(w, header);
        for (int i = 0; i < rows.size(); i++) {
            CsvTable.line(w, values(i));
        }
        w.flush();
    }

    private void writeVoTable(OutputStream out) throws IOException {
        List<ColumnInfo> columns = new ArrayList<>();
        columns.add(new ColumnInfo("src_id", String.class, "<tile_id>:<SExtractor NUMBER>"));
        columns.add(new ColumnInfo("tile_id", String.class, "the tile"));
        columns.add(new ColumnInfo("plate_id", String.class, "the plate (REGION)"));
        columns.add(new ColumnInfo("object_number", Integer.class, "SExtractor NUMBER"));
        ColumnInfo ra = new ColumnInfo("ra", Double.class, "right ascension J2000");
        ra.setUnitString("deg");
        ra.setUCD("pos.eq.ra;meta.main");
        columns.add(ra);
        ColumnInfo dec = new ColumnInfo("dec", Double.class, "declination J2000");
        dec.setUnitString("deg");
        dec.setUCD("pos.eq.dec;meta.main");
        columns.add(dec);
        ColumnInfo epoch = new ColumnInfo("plate_epoch", Double.class, "plate epoch, decimal year");
        epoch.setUnitString("yr");
        columns.add(epoch);
        columns.add(new ColumnInfo("duplicate_of", String.class, "S0 dedup: the representative this row was merged into"));
        columns.add(new ColumnInfo("merged_ids", String.class, "S0 dedup: ids merged into this row, ';'-separated"));
        for (String stage : stages) {
            columns.add(new ColumnInfo(stage + "_verdict", String.class, stage + " verdict: KEEP, REJECT or FLAG"));
            columns.add(new ColumnInfo(stage + "_reason", String.class, stage + " reason"));
        }
        measurementColumns.forEach((name, column) ->
                columns.add(new ColumnInfo(column, measurementTypes.get(name) == Void.class ? String.class
                        : measurementTypes.get(name), "step-4 measurement " + name)));
        RowListStarTable table = new RowListStarTable(columns.toArray(new ColumnInfo[0]));
        for (int i = 0; i < rows.size(); i++) {
            table.addRow(values(i).toArray());
        }
        VOTableWriter writer = new VOTableWriter(DataFormat.TABLEDATA, true, VOTableVersion.V14);
        // no write time in the header: the same rows give the same bytes (a bundle's checksums, equal outputs)
        writer.setWriteDate(false);
        writer.writeStarTable(table, out);
    }

    private void writeJson(OutputStream out) throws IOException {
        JsonGenerator g = JSON.getFactory().createGenerator(out);
        g.writeStartArray();
        for (int i = 0; i < rows.size(); i++) {
            RunCandidate r = rows.get(i);
            g.writeStartObject();
            g.writeStringField("src_id", r.srcId());
            g.writeStringField("tile_id", r.tileId());
            g.writeStringField("plate_id", r.plateId());
            g.writeNumberField("object_number", r.objectNumber());
            g.writeNumberField("ra", r.raDeg());
            g.writeNumberField("dec", r.decDeg());
            if (r.plateEpoch() == null) {
                g.writeNullField("plate_epoch");
            } else {
                g.writeNumberField("plate_epoch", r.plateEpoch());
            }
            g.writeStringField("duplicate_of", r.duplicateOf());
            g.writeArrayFieldStart("merged_ids");
            for (String id : r.mergedIds()) {
                g.writeString(id);
            }
            g.writeEndArray();
            g.writeObjectFieldStart("verdicts");
            for (String stage : stages) {
                RunCandidate.Verdict v = r.verdicts().get(stage);
                if (v != null) {
                    g.writeObjectFieldStart(stage);
                    g.writeStringField("verdict", v.verdict());
                    g.writeStringField("reason", v.reason());
                    g.writeEndObject();
                }
            }
            g.writeEndObject();
            g.writeFieldName("measurements");
            g.writeTree(measurements.get(i));
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeRaw('\n');
        g.flush();
    }

    /** Row {@code i}'s cells in column order, typed as in the VOTable. */
    private List<Object> values(int i) {
        RunCandidate r = rows.get(i);
        List<Object> v = new ArrayList<>();
        v.add(r.srcId());
        v.add(r.tileId());
        v.add(r.plateId());
        v.add(r.objectNumber());
        v.add(r.raDeg());
        v.add(r.decDeg());
        v.add(r.plateEpoch());
        v.add(r.duplicateOf());
        v.add(r.mergedIds().isEmpty() ? null : String.join(";", r.mergedIds()));
        for (String stage : stages) {
            RunCandidate.Verdict verdict = r.verdicts().get(stage);
            v.add(verdict == null ? null : verdict.verdict());
            v.add(verdict == null ? null : verdict.reason());
        }
        JsonNode m = measurements.get(i);
        for (String name : measurementColumns.keySet()) {
            v.add(cell(m.get(name), measurementTypes.get(name)));
        }
        return v;
    }

    private static Object cell(JsonNode node, Class<?> type) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (type == Double.class) {
            return node.doubleValue();
        }
        if (type == Boolean.class) {
            return node.booleanValue();
        }
        return node.isTextual() ? node.textValue() : node.toString();
    }

    /** Null-only columns are typed by later rows; a column mixing kinds becomes text. */
    private static Class<?> typeOf(JsonNode node) {
        if (node == null || node.isNull()) {
            return Void.class;
        }
        if (node.isNumber()) {
            return Double.class;
        }
        if (node.isBoolean()) {
            return Boolean.class;
        }
        return String.class;
    }

    private static Class<?> widen(Class<?> a, Class<?> b) {
        if (a == Void.class) {
            return b;
        }
        if (b == Void.class || a == b) {
            return a;
        }
        return String.class;
    }
}
