package org.vasco.common.plate;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The 932 POSS-I E plates, read from the bundled {@code poss1e_plates.csv} (see NOTICE.md beside it
 * for its origin and licence). Immutable; {@link #bundled()} loads it once.
 */
public final class PlateCatalogue {

    static final String RESOURCE = "/org/vasco/common/plates/poss1e_plates.csv";
    private static volatile PlateCatalogue bundled;

    private final Map<String, Plate> byId;

    private PlateCatalogue(Map<String, Plate> byId) {
        this.byId = Collections.unmodifiableMap(new TreeMap<>(byId));
    }

    public static PlateCatalogue bundled() {
        PlateCatalogue c = bundled;
        if (c == null) {
            try (InputStream in = PlateCatalogue.class.getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("Plate metadata " + RESOURCE + " is missing from the class path");
                }
                c = read(in);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read plate metadata " + RESOURCE, e);
            }
            bundled = c;
        }
        return c;
    }

    /** Reads a catalogue in the poss1e_plates.csv layout (header row first). */
    public static PlateCatalogue read(InputStream in) throws IOException {
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        String header = reader.readLine();
        if (header == null || !header.startsWith("REGION,PLATERA,PLATEDEC")) {
            throw new IOException("Not a plate metadata table: header '" + header + "'");
        }
        Map<String, Plate> plates = new TreeMap<>();
        String line;
        int row = 1;
        while ((line = reader.readLine()) != null) {
            row++;
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split(",", -1);
            if (f.length < 14) {
                throw new IOException("Plate metadata row " + row + " has " + f.length + " fields, expected 14: " + line);
            }
            plates.put(f[0], new Plate(f[0], Double.parseDouble(f[1]), Double.parseDouble(f[2]), f[3], f[4], f[5],
                    parseOrNaN(f[6]), f[7], f[8], Integer.parseInt(f[9]), Integer.parseInt(f[10]),
                    parseOrNaN(f[11]), parseOrNaN(f[12]), f[13]));
        }
        return new PlateCatalogue(plates);
    }

    private static double parseOrNaN(String text) {
        return text.isBlank() ? Double.NaN : Double.parseDouble(text);
    }

    public Optional<Plate> find(String plateId) {
        return Optional.ofNullable(byId.get(plateId));
    }

    /** Plates in ascending REGION order (the tessellator's order). */
    public List<Plate> all() {
        return new ArrayList<>(byId.values());
    }

    public int size() {
        return byId.size();
    }
}
