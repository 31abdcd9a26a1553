package org.vasco.xmatch.mirror;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * {@code MANIFEST.json} of a mirror built here: what it holds (catalogue, layout, schema, epoch, filters), where it
 * came from (provenance), which sky it covers, and per pixel its rows and its files with their SHA-256. A reader
 * trusts the manifest's pixel list: a pixel the cone needs that the manifest does not list is missing. Mirrors made
 * elsewhere (the reference's caches) may have no manifest or another one; they are read without it.
 *
 * @param format     {@value #FORMAT}
 * @param catalogue  gaia, ps1 or usnob
 * @param layout     {@value #LAYOUT_HEALPIX5}
 * @param healpixOrder the partition order (5)
 * @param epoch      the epoch of the positions (Gaia 2016.0, USNO-B 2000.0; null for PS1's mean epochs)
 * @param provenance where the rows came from
 * @param filters    row filters applied when building (e.g. VizieR II/389's {@code nDetections >= 3})
 * @param coverage   the sky the mirror answers for
 * @param schema     stored columns and their types
 * @param rows       rows in all pixels
 * @param pixels     each pixel's rows and files (name → SHA-256), by pixel number
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MirrorManifest(String format, String catalogue, String layout, int healpixOrder, Double epoch,
                             Provenance provenance, List<String> filters, Coverage coverage, List<Column> schema, long rows,
                             SortedMap<Long, Pixel> pixels) {

    public static final String FILE = "MANIFEST.json";
    public static final String FORMAT = "vasco-catalogue-mirror/1";
    public static final String LAYOUT_HEALPIX5 = "healpix5";

    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .enable(SerializationFeature.INDENT_OUTPUT);

    public MirrorManifest {
        filters = filters == null ? List.of() : List.copyOf(filters);
        schema = schema == null ? List.of() : List.copyOf(schema);
        pixels = pixels == null ? new TreeMap<>() : new TreeMap<>(pixels);
    }

    /**
     * How the mirror was made.
     *
     * @param sourceKind bulk, vizier or hats
     * @param source     the files, service or catalogue read
     * @param builtBy    the command line
     * @param started    ISO-8601 instant
     * @param finished   ISO-8601 instant
     * @param inputs     the inputs read (file names, tiles or HATS partitions)
     * @param licence    the catalogue's licence and the credit it asks for
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Provenance(String sourceKind, String source, String builtBy, String started, String finished, List<String> inputs,
                             String licence) {
    }

    /**
     * The sky a mirror answers for: whole pixels ({@code pixels}: every listed pixel holds all of the catalogue's
     * rows in it), or only the listed cones ({@code cones}, a mirror built from VizieR cones over a plan's tiles:
     * its pixels hold only the rows inside those cones).
     *
     * @param kind  pixels or cones
     * @param cones {ra, dec, radius} in degrees, for kind cones
     */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Coverage(String kind, List<double[]> cones) {
        public static final String PIXELS = "pixels";
        public static final String CONES = "cones";

        public Coverage {
            cones = cones == null ? List.of() : List.copyOf(cones);
        }
    }

    /** A stored column. */
    public record Column(String name, String type) {
    }

    /** One pixel: its rows and its files (name → SHA-256 hex). */
    public record Pixel(long rows, SortedMap<String, String> files) {
        public Pixel {
            files = files == null ? new TreeMap<>() : new TreeMap<>(files);
        }
    }

    /** Reads a manifest. */
    public static MirrorManifest read(Path file) throws MirrorException {
        try {
            MirrorManifest m = JSON.readValue(file.toFile(), MirrorManifest.class);
            if (!FORMAT.equals(m.format())) {
                throw new MirrorException(MirrorException.Problem.NOT_A_MIRROR, file + " is format '" + m.format() + "', expected "
                        + FORMAT);
            }
            return m;
        } catch (IOException e) {
            throw new MirrorException(MirrorException.Problem.NOT_A_MIRROR, file + " is not a readable mirror manifest: "
                    + e.getMessage(), e);
        }
    }

    /** Whether a {@code MANIFEST.json} is one of ours (the reference's caches carry other manifests). */
    public static boolean isOurs(Path file) {
        try {
            return FORMAT.equals(JSON.readTree(file.toFile()).path("format").asText());
        } catch (IOException e) {
            return false;
        }
    }

    public void write(Path file) throws IOException {
        JSON.writeValue(file.toFile(), this);
    }

    public String toJson() throws IOException {
        return JSON.writeValueAsString(this);
    }

    /** A copy with other pixels and totals. */
    public MirrorManifest withPixels(Map<Long, Pixel> newPixels) {
        long total = newPixels.values().stream().mapToLong(Pixel::rows).sum();
        return new MirrorManifest(format, catalogue, layout, healpixOrder, epoch, provenance, filters, coverage, schema, total,
                new TreeMap<>(newPixels));
    }
}
