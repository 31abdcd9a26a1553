package org.vasco.common.storage;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.vasco.common.tile.TileId;

/**
 * The layout of one tile's artefacts in the shared storage (DESIGN.md "Storage"), the contract between the steps:
 * every area and file a step writes or reads under {@code tiles/<tile_id>/}, as methods, and the one lookup of the
 * tile's raw image. No step names a file or an area itself; a test fails if one does. The file names are
 * {@link ArtefactFile}'s, shared with the local commands' output directories.
 *
 * <pre>
 * tiles/&lt;tile_id&gt;/raw/dss1-red_&lt;ra&gt;_&lt;dec&gt;_&lt;size&gt;arcmin.fits   download → extract, measure, veto (S0S), review stamps
 * tiles/&lt;tile_id&gt;/raw/rejected/&lt;attempt&gt;.{fits,html,bin,json}    download: replies it rejected, kept for diagnosis
 * tiles/&lt;tile_id&gt;/extract/{pass1.ldac, pass1.psf}                 extract → measure
 * tiles/&lt;tile_id&gt;/extract/{pass2.ldac | positions.ldac}            extract (full | fast), measure (fast: pass2.ldac) → xmatch, veto
 * tiles/&lt;tile_id&gt;/extract/{work, measure-work}                     scratch of the extract and measure attempts
 * tiles/&lt;tile_id&gt;/extract/logs/{attempt-n, measure-attempt-n}      the tools' logs of each attempt
 * tiles/&lt;tile_id&gt;/xmatch/{veto_survivors, psf_reference}.csv       xmatch → measure
 * tiles/&lt;tile_id&gt;/xmatch/{rejected, veto_pairs, hpm_flagged}.csv, summary.json   xmatch → the user, the demo
 * </pre>
 *
 * Paths only; nothing is read or written here except by {@link #rawImage()}. Immutable and thread-safe.
 */
public final class TileArtefacts {

    private final ArtefactStore store;
    private final TileId tile;

    public TileArtefacts(ArtefactStore store, TileId tile) {
        this.store = Objects.requireNonNull(store, "store");
        this.tile = Objects.requireNonNull(tile, "tile");
    }

    public TileId tile() {
        return tile;
    }

    /** {@code tiles/<tile_id>/<area>}. */
    public Path area(TileArea area) {
        return store.tileArea(tile, area);
    }

    // ---- raw: the download step's cut-out

    /**
     * The reference's name of a downloaded cut-out, e.g. {@code dss1-red_18.182_-29.351_60arcmin.fits} (SPEC §3.2):
     * RA normalised to [0, 360), Dec clamped to [-90, 90], both with three decimals; the size whole or with two.
     */
    public static String rawImageName(double raDeg, double decDeg, double sizeArcmin) {
        double ra = raDeg % 360.0;
        if (ra < 0) {
            ra += 360.0;
        }
        double dec = Math.max(-90.0, Math.min(90.0, decDeg));
        String size = sizeArcmin == Math.rint(sizeArcmin) ? Long.toString((long) sizeArcmin)
                : String.format(Locale.ROOT, "%.2f", sizeArcmin);
        return String.format(Locale.ROOT, "dss1-red_%.3f_%.3f_%sarcmin.fits", ra, dec, size);
    }

    /** Where the download step writes the cut-out of a tile centred on (raDeg, decDeg), {@code sizeArcmin} on a side. */
    public Path rawImage(double raDeg, double decDeg, double sizeArcmin) {
        return area(TileArea.RAW).resolve(rawImageName(raDeg, decDeg, sizeArcmin));
    }

    /** {@code raw/rejected}: the replies the download step rejected, kept for diagnosis. */
    public Path rejectedReplies() {
        return area(TileArea.RAW).resolve("rejected");
    }

    /**
     * The tile's raw image, the one lookup every reader uses: the FITS file ({@code *.fits}, {@code *.fit},
     * {@code *.fts}; hidden files and anything not a regular file ignored) the download step left in the raw area.
     *
     * @return the image, or empty when there is none (the area may not exist yet)
     * @throws AmbiguousRawImageException when there are several, naming them (each reader decides what that means)
     * @throws IOException                when the area cannot be listed
     */
    public Optional<Path> rawImage() throws IOException {
        Path raw = area(TileArea.RAW);
        List<Path> images = new ArrayList<>();
        if (Files.isDirectory(raw)) {
            try (DirectoryStream<Path> listing = Files.newDirectoryStream(raw, "*.{fits,fit,fts}")) {
                for (Path p : listing) {
                    if (Files.isRegularFile(p) && !p.getFileName().toString().startsWith(".")) {
                        images.add(p);
                    }
                }
            }
        }
        if (images.size() > 1) {
            images.sort(null);
            throw new AmbiguousRawImageException(tile, raw, images);
        }
        return images.stream().findFirst();
    }

    // ---- modern: the review page's second epoch

    /**
     * Where the review page keeps the modern-epoch cut-out of survey {@code survey} (the {@code dss_search} {@code v}
     * value) centred on a candidate, e.g. {@code modern-epoch/poss2ukstu_red_130.01300_+33.08100_1.50arcmin.fits}: the
     * position to 5 decimals (0.04″), so a candidate re-measured elsewhere gets its own cut-out.
     */
    public Path modernImage(String survey, double raDeg, double decDeg, double sizeArcmin) {
        if (!survey.matches("[a-z0-9_]{1,32}")) {
            throw new IllegalArgumentException("survey '" + survey + "' is not a dss_search survey name");
        }
        double ra = raDeg % 360.0;
        if (ra < 0) {
            ra += 360.0;
        }
        return area(TileArea.MODERN).resolve(String.format(Locale.ROOT, "%s_%.5f_%+.5f_%.2farcmin.fits", survey, ra,
                Math.max(-90.0, Math.min(90.0, decDeg)), sizeArcmin));
    }

    // ---- extract: the extract and measure steps

    /** SExtractor pass 1's catalogue. */
    public Path pass1Catalogue() {
        return ArtefactFile.PASS1_CATALOGUE.in(area(TileArea.EXTRACT));
    }

    /** PSFEx's model. */
    public Path psfModel() {
        return ArtefactFile.PSF_MODEL.in(area(TileArea.EXTRACT));
    }

    /** The pass-2 catalogue: the full path's extract step, or the fast path's measure step (only the listed objects). */
    public Path pass2Catalogue() {
        return ArtefactFile.PASS2_CATALOGUE.in(area(TileArea.EXTRACT));
    }

    /** The fast path's position-pass catalogue. */
    public Path positionsCatalogue() {
        return ArtefactFile.POSITIONS_CATALOGUE.in(area(TileArea.EXTRACT));
    }

    /** The extract step's scratch directory, emptied by every attempt. */
    public Path extractScratch() {
        return area(TileArea.EXTRACT).resolve("work");
    }

    /** The tools' logs of one extract attempt. */
    public Path extractLogs(int attempt) {
        return area(TileArea.EXTRACT).resolve("logs").resolve("attempt-" + attempt);
    }

    /** The measure step's scratch directory, emptied by every attempt. */
    public Path measureScratch() {
        return area(TileArea.EXTRACT).resolve("measure-work");
    }

    /** The tools' logs of one measure attempt. */
    public Path measureLogs(int attempt) {
        return area(TileArea.EXTRACT).resolve("logs").resolve("measure-attempt-" + attempt);
    }

    // ---- xmatch: the xmatch step's files

    /** The catalogue veto's survivors, the list the fast path's measure step associates with. */
    public Path vetoSurvivors() {
        return ArtefactFile.VETO_SURVIVORS.in(area(TileArea.XMATCH));
    }

    /** The fast path's list of the position-pass detections S0M can pick as PSF stars. */
    public Path psfReference() {
        return ArtefactFile.PSF_REFERENCE.in(area(TileArea.XMATCH));
    }

    /** The detections the circle and the catalogue veto removed. */
    public Path rejected() {
        return ArtefactFile.REJECTED.in(area(TileArea.XMATCH));
    }

    /** The catalogue veto's matched pairs. */
    public Path vetoPairs() {
        return ArtefactFile.VETO_PAIRS.in(area(TileArea.XMATCH));
    }

    /** The high-proper-motion flags. */
    public Path hpmFlagged() {
        return ArtefactFile.HPM_FLAGGED.in(area(TileArea.XMATCH));
    }

    /** The tile's step-4 counters as the reference's {@code MNRAS_SUMMARY.json}. */
    public Path summary() {
        return ArtefactFile.SUMMARY.in(area(TileArea.XMATCH));
    }

    @Override
    public String toString() {
        return "artefacts of " + tile;
    }
}
