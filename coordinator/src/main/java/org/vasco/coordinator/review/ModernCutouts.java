package org.vasco.coordinator.review;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vasco.common.fits.FitsImage;
import org.vasco.common.http.ArchiveClient;
import org.vasco.common.http.ArchiveException;
import org.vasco.common.http.ArchiveResponse;
import org.vasco.common.http.DssSearchQuery;
import org.vasco.common.storage.ArtefactStore;
import org.vasco.common.text.UntrustedText;
import org.vasco.common.tile.TileId;
import org.vasco.coordinator.api.ApiException;

/**
 * The modern-epoch cut-out of each candidate's field: DSS2 red ({@link DssSearchQuery#POSS2_RED}) from the same STScI
 * {@code dss_search} endpoint and through the same {@link ArchiveClient} (timeout, retries, rate limit) as the
 * POSS-I plates, {@link #sizeArcmin} on a side, fetched once and kept in the shared storage beside the tile's other
 * artefacts ({@code tiles/<tile_id>/modern-epoch/}); every later view reads the kept file. A reply that is not a FITS file
 * (STScI answers "no image" as an HTML page with status 200) is refused with the archive's words and nothing is kept.
 * Thread-safe: concurrent views of one candidate wait for a single fetch.
 */
final class ModernCutouts {

    private static final Logger LOG = LoggerFactory.getLogger(ModernCutouts.class);

    private final ArtefactStore store;
    private final ArchiveClient archive;
    private final double sizeArcmin;
    private final ConcurrentMap<Path, Object> fetching = new ConcurrentHashMap<>();

    /**
     * @param stampArcmin side of the stamps drawn from it: the cut-out is half as large again, so a stamp resampled
     *                    north up still lies within it whatever the image's rotation, and never under 1′
     */
    ModernCutouts(ArtefactStore store, ArchiveClient archive, double stampArcmin) {
        this.store = store;
        this.archive = archive;
        this.sizeArcmin = Math.max(1.0, Math.ceil(stampArcmin * 150.0) / 100.0);
    }

    double sizeArcmin() {
        return sizeArcmin;
    }

    /**
     * The kept cut-out around (raDeg, decDeg) for a candidate of {@code tile}, fetched first if needed.
     *
     * @throws ApiException 502 when the archive's reply is not a FITS image, 503 when the archive cannot be reached
     *                      or refuses for now (retry later), 502 for other refusals
     */
    Path cutout(TileId tile, double raDeg, double decDeg) throws ApiException, IOException, InterruptedException {
        Path file = store.artefacts(tile).modernImage(DssSearchQuery.POSS2_RED, raDeg, decDeg, sizeArcmin);
        if (Files.isRegularFile(file)) {
            return file;
        }
        Object lock = fetching.computeIfAbsent(file, f -> new Object());
        try {
            synchronized (lock) {
                if (!Files.isRegularFile(file)) {
                    fetch(file, raDeg, decDeg);
                }
                return file;
            }
        } finally {
            fetching.remove(file, lock);
        }
    }

    private void fetch(Path file, double raDeg, double decDeg) throws ApiException, IOException, InterruptedException {
        ArchiveResponse reply;
        try {
            reply = archive.get(DssSearchQuery.of(DssSearchQuery.POSS2_RED, raDeg, decDeg, sizeArcmin));
        } catch (ArchiveException e) {
            throw new ApiException(e.isRetriable() ? 503 : 502, "The modern-epoch (DSS2 red) cut-out could not be fetched: "
                    + e.getMessage());
        }
        byte[] body = reply.body();
        if (body.length < 2880 || !FitsImage.startsLikeFits(body)) {
            throw new ApiException(502, "The DSS archive answered " + reply.uri() + " with " + reply.contentType()
                    + ", not a FITS image: " + UntrustedText.excerpt(new String(body, 0, Math.min(body.length, 2000),
                    StandardCharsets.ISO_8859_1)));
        }
        store.writeAtomically(file, out -> out.write(body));
        LOG.info("Review: fetched the DSS2 red cut-out at ({}, {}) into {} ({} bytes, {} attempt(s))", raDeg, decDeg,
                store.root().relativize(file), body.length, reply.attempts());
    }
}
