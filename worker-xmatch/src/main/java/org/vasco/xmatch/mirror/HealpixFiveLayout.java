package org.vasco.xmatch.mirror;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.vasco.common.sky.SkyGeometry;
import org.vasco.common.sky.healpix.HealpixCone;
import org.vasco.common.sky.healpix.NestedHealpix;

/**
 * The reference's cache layout: {@code <root>/parquet/healpix_5=<pixel>/*.parquet}, Hive partitions by HEALPix
 * order-5 nested pixel (12,288 pixels). With our {@code MANIFEST.json}, its pixel list and file names decide what
 * must exist and its coverage which cones may be asked; without one (the reference's caches), a pixel whose
 * directory holds no Parquet file is missing, except a PS1 pixel wholly south of PS1's sky.
 */
public final class HealpixFiveLayout implements MirrorLayout {

    public static final int ORDER = 5;
    public static final String DATA = "parquet";
    private static final NestedHealpix GRID = new NestedHealpix(ORDER);

    private final MirrorFiles files;
    private final MirrorSchema schema;
    private final Optional<MirrorManifest> manifest;

    HealpixFiveLayout(MirrorFiles files, MirrorSchema schema, Optional<MirrorManifest> manifest) {
        this.files = files;
        this.schema = schema;
        this.manifest = manifest;
    }

    /** The directory of a pixel, relative to the root. */
    public static String pixelDirectory(long pixel) {
        return DATA + "/healpix_5=" + pixel;
    }

    public Optional<MirrorManifest> manifest() {
        return manifest;
    }

    @Override
    public List<Path> files(double raDeg, double decDeg, double radiusDeg) throws MirrorException {
        if (manifest.isPresent()) {
            requireCovered(manifest.get(), raDeg, decDeg, radiusDeg);
        }
        List<Path> out = new ArrayList<>();
        for (long pixel : HealpixCone.pixels(GRID, raDeg, decDeg, radiusDeg + PIXEL_MARGIN_ARCMIN / 60)) {
            out.addAll(manifest.isPresent() ? listedFiles(manifest.get(), pixel) : foundFiles(pixel));
        }
        return out;
    }

    private List<Path> listedFiles(MirrorManifest m, long pixel) throws MirrorException {
        MirrorManifest.Pixel listed = m.pixels().get(pixel);
        if (listed == null) {
            if (MirrorManifest.Coverage.CONES.equals(m.coverage().kind()) || MirrorLayout.southOfPs1(schema, GRID, pixel)) {
                return List.of(); // a cone-built mirror lists only pixels that had rows; the cone check came first
            }
            throw missing(pixel, "MANIFEST.json does not list it (the mirror was built for other pixels: extend it with"
                    + " vasco catalog mirror build)");
        }
        List<Path> out = new ArrayList<>();
        for (Map.Entry<String, String> f : listed.files().entrySet()) {
            String relative = pixelDirectory(pixel) + "/" + f.getKey();
            out.add(files.file(relative).orElseThrow(() -> missing(pixel, "its file " + relative
                    + " listed in MANIFEST.json is not there")));
        }
        return out;
    }

    private List<Path> foundFiles(long pixel) throws MirrorException {
        List<Path> out = new ArrayList<>();
        for (String name : files.list(pixelDirectory(pixel))) {
            if (name.endsWith(".parquet")) {
                out.add(files.file(pixelDirectory(pixel) + "/" + name).orElseThrow(() -> missing(pixel, "its file " + name
                        + " vanished while being read")));
            }
        }
        if (out.isEmpty() && !MirrorLayout.southOfPs1(schema, GRID, pixel)) {
            throw missing(pixel, pixelDirectory(pixel) + "/ holds no .parquet file");
        }
        return out;
    }

    private void requireCovered(MirrorManifest m, double raDeg, double decDeg, double radiusDeg) throws MirrorException {
        if (!MirrorManifest.Coverage.CONES.equals(m.coverage().kind())) {
            return;
        }
        for (double[] cone : m.coverage().cones()) {
            if (SkyGeometry.separationDeg(cone[0], cone[1], raDeg, decDeg) + radiusDeg <= cone[2] + 1e-9) {
                return;
            }
        }
        throw new MirrorException(MirrorException.Problem.MISSING_PIXEL, String.format(java.util.Locale.ROOT,
                "the %s mirror %s was built from %d VizieR cones and the cone (%.5f, %.5f, r=%.4f deg) lies outside them;"
                        + " build it for these tiles too (vasco catalog mirror build --from vizier --plates …)",
                schema.label(), files.describe(), m.coverage().cones().size(), raDeg, decDeg, radiusDeg));
    }

    private MirrorException missing(long pixel, String why) {
        return new MirrorException(MirrorException.Problem.MISSING_PIXEL, "the " + schema.label() + " mirror " + files.describe()
                + " lacks HEALPix order-5 pixel " + pixel + ": " + why);
    }

    @Override
    public String describe() {
        return schema.label() + " mirror " + files.describe() + " (level-5 layout" + (manifest.isPresent() ? ", MANIFEST.json" : "") + ")";
    }
}
