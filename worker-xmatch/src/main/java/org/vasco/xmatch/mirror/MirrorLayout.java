package org.vasco.xmatch.mirror;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.vasco.common.catalog.Catalogue;
import org.vasco.common.sky.healpix.NestedHealpix;

/**
 * How a mirror's files are arranged on the sky, and so which files hold every row of a cone. Implementations are
 * thread-safe.
 */
public sealed interface MirrorLayout permits HealpixFiveLayout, HatsLayout {

    /**
     * Pixels are chosen for the cone's radius plus this. The reference's Gaia cache files a star under the HEALPix
     * index in its {@code source_id}, which Gaia assigned from the position at which the source was first seen, not
     * its DR3 position, so a fast-moving star near a pixel edge can sit in the neighbouring pixel.
     */
    double PIXEL_MARGIN_ARCMIN = 1.0;

    /**
     * The files holding every row of the pixels that the cone (widened by {@link #PIXEL_MARGIN_ARCMIN}) touches,
     * inclusively: any pixel that shares a point with it; as local paths.
     *
     * @throws MirrorException MISSING_PIXEL naming the pixel when one the cone touches is not in the mirror
     */
    List<Path> files(double raDeg, double decDeg, double radiusDeg) throws MirrorException;

    /** What and where it is, for messages and logs. */
    String describe();

    /**
     * Recognises a mirror's layout from its root: the reference's level-5 Hive layout ({@code parquet/} with
     * {@code healpix_5=<pixel>} directories, and our {@code MANIFEST.json} when it was built here), or a HATS
     * catalogue ({@code properties} and {@code partition_info.csv}, or a HATS collection's
     * {@code collection.properties}).
     *
     * @throws MirrorException NOT_A_MIRROR naming what was looked for
     */
    static MirrorLayout open(MirrorFiles files, MirrorSchema schema) throws MirrorException {
        List<String> top = files.list("");
        if (top.contains("parquet")) {
            Optional<MirrorManifest> manifest = Optional.empty();
            if (top.contains(MirrorManifest.FILE)) {
                Path file = files.file(MirrorManifest.FILE).orElseThrow();
                if (MirrorManifest.isOurs(file)) {
                    manifest = Optional.of(MirrorManifest.read(file));
                    if (!manifest.get().catalogue().equals(schema.label())) {
                        throw new MirrorException(MirrorException.Problem.NOT_A_MIRROR, files.describe() + " is a mirror of "
                                + manifest.get().catalogue() + ", not of " + schema.label());
                    }
                }
            }
            return new HealpixFiveLayout(files, schema, manifest);
        }
        if (top.contains("collection.properties") || top.contains("properties") && top.contains("partition_info.csv")) {
            return HatsLayout.open(files, schema);
        }
        throw new MirrorException(MirrorException.Problem.NOT_A_MIRROR, files.describe() + " is neither the level-5 layout"
                + " (parquet/healpix_5=<pixel>/*.parquet) nor a HATS catalogue (properties, partition_info.csv,"
                + " dataset/Norder=*/Dir=*/Npix=*.parquet); it holds " + top);
    }

    /**
     * Whether a pixel lies wholly south of PS1's sky (Dec −30°, with a degree to spare), where a PS1 mirror
     * legitimately has no rows and the reference's caches no directory.
     */
    static boolean southOfPs1(MirrorSchema schema, NestedHealpix grid, long pixel) {
        if (schema.catalogue() != Catalogue.PS1) {
            return false;
        }
        double north = -90;
        for (double u = 0; u <= 1; u += 0.125) {
            for (double v = 0; v <= 1; v += 0.125) {
                north = Math.max(north, grid.point(pixel, u, v)[1]);
            }
        }
        return north < Catalogue.PS1_SOUTH_LIMIT_DEG - 1.0;
    }
}
