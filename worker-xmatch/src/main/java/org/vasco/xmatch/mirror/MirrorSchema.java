package org.vasco.xmatch.mirror;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.vasco.common.catalog.BrightStarList;
import org.vasco.common.catalog.Catalogue;

/**
 * The columns a mirror of each catalogue holds, and how a neighbourhood is made from them so that it equals
 * VizieR's for the same stars (SPEC §6.3): same columns in the same order, same units, same epoch (Gaia J2016.0,
 * USNO-B J2000.0, PS1 its mean epoch: the mirror stores catalogue positions, never propagated ones), same filters
 * (VizieR's II/389 is PS1 with {@code nDetections ≥ 3}) and the same number of decimals as VizieR prints
 * (Gaia positions 11, G 6, proper motions 3, parallax 4; PS1 positions 9 and magnitudes 4; USNO-B positions 6,
 * magnitudes 2, proper motions as integers; {@code _r} in arcmin with 4).
 *
 * <p>The stored names are the reference's cache columns ({@code source_id, ra, dec, pmra, pmdec, phot_g_mean_mag};
 * {@code objID, ra, dec, nDetections, gmag…ymag}; {@code id, ra, dec, B1mag…Imag, pmRA, pmDE}); a file may use an
 * alias instead (the archives' own names: {@code raMean}, {@code gMeanPSFMag} in PS1's HATS catalogue,
 * {@code RA_ICRS}, {@code Gmag} from VizieR). Gaia's BP, RP and parallax are optional: the reference's 6-column
 * cache lacks them and its neighbourhoods leave them empty, as the reference's own cache reader does; mirrors
 * built here keep them.
 */
public enum MirrorSchema {
    GAIA(Catalogue.GAIA, List.of(
            new Field("source_id", Type.BIGINT, false, List.of("source_id", "Source")),
            new Field("ra", Type.DOUBLE, true, List.of("ra", "RA_ICRS")),
            new Field("dec", Type.DOUBLE, true, List.of("dec", "DE_ICRS")),
            new Field("pmra", Type.FLOAT, true, List.of("pmra", "pmRA")),
            new Field("pmdec", Type.FLOAT, true, List.of("pmdec", "pmDE")),
            new Field("phot_g_mean_mag", Type.DOUBLE, true, List.of("phot_g_mean_mag", "Gmag")),
            new Field("phot_bp_mean_mag", Type.DOUBLE, false, List.of("phot_bp_mean_mag", "BPmag")),
            new Field("phot_rp_mean_mag", Type.DOUBLE, false, List.of("phot_rp_mean_mag", "RPmag")),
            new Field("parallax", Type.DOUBLE, false, List.of("parallax", "Plx")))),
    PS1(Catalogue.PS1, List.of(
            new Field("objID", Type.BIGINT, true, List.of("objID")),
            new Field("ra", Type.DOUBLE, true, List.of("ra", "raMean", "RAJ2000")),
            new Field("dec", Type.DOUBLE, true, List.of("dec", "decMean", "DEJ2000")),
            new Field("nDetections", Type.SMALLINT, true, List.of("nDetections", "Nd")),
            new Field("gmag", Type.FLOAT, true, List.of("gmag", "gMeanPSFMag")),
            new Field("rmag", Type.FLOAT, true, List.of("rmag", "rMeanPSFMag")),
            new Field("imag", Type.FLOAT, true, List.of("imag", "iMeanPSFMag")),
            new Field("zmag", Type.FLOAT, true, List.of("zmag", "zMeanPSFMag")),
            new Field("ymag", Type.FLOAT, true, List.of("ymag", "yMeanPSFMag")))),
    USNOB(Catalogue.USNOB, List.of(
            new Field("id", Type.VARCHAR, false, List.of("id", "USNO-B1.0", "USNO-B1_0")),
            new Field("ra", Type.DOUBLE, true, List.of("ra", "RAJ2000")),
            new Field("dec", Type.DOUBLE, true, List.of("dec", "DEJ2000")),
            new Field("B1mag", Type.FLOAT, true, List.of("B1mag")),
            new Field("R1mag", Type.FLOAT, true, List.of("R1mag")),
            new Field("B2mag", Type.FLOAT, true, List.of("B2mag")),
            new Field("R2mag", Type.FLOAT, true, List.of("R2mag")),
            new Field("Imag", Type.FLOAT, true, List.of("Imag")),
            new Field("pmRA", Type.SMALLINT, true, List.of("pmRA")),
            new Field("pmDE", Type.SMALLINT, true, List.of("pmDE"))));

    /** VizieR's II/389 holds the PS1 objects with at least this many detections (SPEC §6.3). */
    public static final int VIZIER_PS1_MIN_DETECTIONS = 3;
    /** The filter a PS1 mirror built from VizieR's II/389 records in its manifest: it lacks the rest. */
    public static final String VIZIER_PS1_FILTER = "nDetections >= " + VIZIER_PS1_MIN_DETECTIONS + " (VizieR II/389)";
    /** PS1's value for "no measurement in this band" (VizieR sends an empty cell). */
    public static final double PS1_MISSING = -999.0;

    /** How a stored column is typed in the mirrors built here (DuckDB/Parquet type names). */
    public enum Type {
        BIGINT, DOUBLE, FLOAT, SMALLINT, VARCHAR;

        public boolean numeric() {
            return this != VARCHAR;
        }

        public boolean integral() {
            return this == BIGINT || this == SMALLINT;
        }
    }

    /**
     * A stored column.
     *
     * @param name     its name in the mirrors built here
     * @param type     its type there
     * @param required whether a neighbourhood needs it (a file without it is the wrong schema)
     * @param aliases  the names it may have in a file, first preferred ({@code name} first)
     */
    public record Field(String name, Type type, boolean required, List<String> aliases) {
        public Field {
            aliases = List.copyOf(aliases);
        }
    }

    /**
     * One column of the neighbourhood.
     *
     * @param column   its name ({@link Catalogue#columns()})
     * @param field    the stored column it comes from, or null for {@code _r}
     * @param decimals decimals printed; 0 prints an integer
     */
    public record Output(String column, String field, int decimals) {
    }

    /**
     * A row condition a served catalogue applies, on a stored column: {@code field >= min} (and {@code <= max}).
     */
    public record Condition(String field, double min, double max) {
    }

    private final Catalogue catalogue;
    private final List<Field> fields;

    MirrorSchema(Catalogue catalogue, List<Field> fields) {
        this.catalogue = catalogue;
        this.fields = fields;
    }

    /** The schema whose mirror serves {@code catalogue} (the bright-star list comes from the PS1 mirror). */
    public static MirrorSchema serving(Catalogue catalogue) {
        return switch (catalogue) {
            case GAIA -> GAIA;
            case PS1, PS1_BRIGHT -> PS1;
            case USNOB -> USNOB;
        };
    }

    /** The schema of a mirror of {@code label} (gaia, ps1, usnob). */
    public static MirrorSchema ofLabel(String label) {
        for (MirrorSchema s : values()) {
            if (s.catalogue.label().equals(label)) {
                return s;
            }
        }
        throw new IllegalArgumentException("no mirror of '" + label + "': expected gaia, ps1 or usnob");
    }

    public Catalogue catalogue() {
        return catalogue;
    }

    public String label() {
        return catalogue.label();
    }

    public List<Field> fields() {
        return fields;
    }

    public Field field(String name) {
        return fields.stream().filter(f -> f.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(label() + " mirrors have no column " + name));
    }

    /** Which of a file's columns holds a stored column, by its aliases, or empty. */
    public Optional<String> physicalName(Field field, List<String> fileColumns) {
        for (String alias : field.aliases()) {
            for (String c : fileColumns) {
                if (c.equals(alias)) {
                    return Optional.of(c);
                }
            }
        }
        for (String alias : field.aliases()) {
            for (String c : fileColumns) {
                if (c.equalsIgnoreCase(alias)) {
                    return Optional.of(c);
                }
            }
        }
        return Optional.empty();
    }

    /** The neighbourhood columns of {@code served}, in {@link Catalogue#columns()} order. */
    public List<Output> outputs(Catalogue served) {
        if (serving(served) != this) {
            throw new IllegalArgumentException(label() + " mirrors do not serve " + served.label());
        }
        List<Output> out = new ArrayList<>();
        for (String column : served.columns()) {
            out.add(switch (served) {
                case GAIA -> switch (column) {
                    case "ra", "dec" -> new Output(column, column, 11);
                    case "Gmag" -> new Output(column, "phot_g_mean_mag", 6);
                    case "BPmag" -> new Output(column, "phot_bp_mean_mag", 6);
                    case "RPmag" -> new Output(column, "phot_rp_mean_mag", 6);
                    case "pmRA" -> new Output(column, "pmra", 3);
                    case "pmDE" -> new Output(column, "pmdec", 3);
                    case "Plx" -> new Output(column, "parallax", 4);
                    default -> distance(column);
                };
                case PS1 -> switch (column) {
                    case "objID" -> new Output(column, "objID", 0);
                    case "ra", "dec" -> new Output(column, column, 9);
                    case "Nd" -> new Output(column, "nDetections", 0);
                    case "gmag", "rmag", "imag", "zmag", "ymag" -> new Output(column, column, 4);
                    default -> distance(column);
                };
                case USNOB -> switch (column) {
                    case "ra", "dec" -> new Output(column, column, 6);
                    case "pmRA", "pmDE" -> new Output(column, column, 0);
                    case "_r" -> distance(column);
                    default -> new Output(column, column, 2);
                };
                case PS1_BRIGHT -> switch (column) {
                    case "ra", "dec" -> new Output(column, column, 8);
                    case "rmag" -> new Output(column, "rmag", 6);
                    default -> throw new IllegalStateException("bright-star column " + column);
                };
            });
        }
        return out;
    }

    /** The stored columns a neighbourhood of {@code served} reads (position first). */
    public List<Field> fieldsRead(Catalogue served) {
        List<Field> read = new ArrayList<>();
        read.add(field("ra"));
        read.add(field("dec"));
        for (Output o : outputs(served)) {
            if (o.field() != null && read.stream().noneMatch(f -> f.name().equals(o.field()))) {
                read.add(field(o.field()));
            }
        }
        for (Condition c : conditions(served)) {
            if (read.stream().noneMatch(f -> f.name().equals(c.field()))) {
                read.add(field(c.field()));
            }
        }
        return read;
    }

    /** The rows {@code served} keeps: PS1 as VizieR's II/389 ({@code nDetections ≥ 3}); the bright-star list's rule. */
    public List<Condition> conditions(Catalogue served) {
        return switch (served) {
            case PS1 -> List.of(new Condition("nDetections", VIZIER_PS1_MIN_DETECTIONS, Double.POSITIVE_INFINITY));
            case PS1_BRIGHT -> List.of(new Condition("nDetections", BrightStarList.MIN_DETECTIONS, Double.POSITIVE_INFINITY),
                    new Condition("rmag", 0, BrightStarList.LIMIT_MAG));
            default -> List.of();
        };
    }

    /** PS1 marks a missing magnitude with −999; VizieR and MAST leave the cell empty. */
    public boolean isMissing(double value) {
        return Double.isNaN(value) || this == PS1 && value <= PS1_MISSING;
    }

    private static Output distance(String column) {
        if (!column.equals("_r")) {
            throw new IllegalStateException("unmapped neighbourhood column " + column);
        }
        return new Output("_r", null, 4);
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
