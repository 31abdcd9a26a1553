package org.vasco.coordinator.review;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vasco.common.catalog.Catalogue;
import org.vasco.common.catalog.CatalogueNeighbourhood;
import org.vasco.common.catalog.NearestCatalogueSource;
import org.vasco.common.catalog.NeighbourhoodCsv;
import org.vasco.common.catalog.SourcesAtEpoch;
import org.vasco.common.catalog.SourcesAtEpoch.Placed;
import org.vasco.common.storage.ArtefactStore;
import org.vasco.common.tile.TileId;

/**
 * The catalogue sources around a candidate, from the neighbourhoods the xmatch step keeps in the shared storage
 * ({@code catalogs/<catalogue>/<tile_id>.csv.gz}): no archive is asked. Each of a tile's files is read when first
 * needed and kept for the {@value #TILES_KEPT} most recently viewed tiles, indexed at its catalogue epoch; a query moves
 * the sources it finds to the epoch asked for ({@link SourcesAtEpoch}, as the xmatch step does for the isolation it
 * records). A catalogue whose file is absent (a tile not yet cross-matched, or a catalogue switched off) or unreadable
 * (logged) contributes nothing. Thread-safe.
 */
final class FieldCatalogues {

    /** The catalogues drawn and searched: the three of the veto. */
    static final List<Catalogue> VETO_CATALOGUES = NearestCatalogueSource.CATALOGUES;
    static final int TILES_KEPT = 4;

    private static final Logger LOG = LoggerFactory.getLogger(FieldCatalogues.class);

    private final ArtefactStore store;
    private final Map<TileId, Map<Catalogue, Optional<SourcesAtEpoch>>> tiles = new RecentlyUsed<>(TILES_KEPT);

    FieldCatalogues(ArtefactStore store) {
        this.store = store;
    }

    /**
     * The sources of {@code catalogues} within {@code radiusArcsec} of a position at {@code epochYear} (NaN: at
     * their catalogue epochs), nearest first.
     */
    List<Placed> near(TileId tile, List<Catalogue> catalogues, double raDeg, double decDeg, double radiusArcsec,
                      double epochYear) throws IOException {
        return SourcesAtEpoch.near(load(tile, catalogues), raDeg, decDeg, radiusArcsec, epochYear);
    }

    /** The nearest source of {@code catalogues} within {@code radiusArcsec} at {@code epochYear}, or null. */
    Placed nearest(TileId tile, List<Catalogue> catalogues, double raDeg, double decDeg, double radiusArcsec,
                   double epochYear) throws IOException {
        List<Placed> near = near(tile, catalogues, raDeg, decDeg, radiusArcsec, epochYear);
        return near.isEmpty() ? null : near.get(0);
    }

    /**
     * The nearest Gaia DR3, PS1 or USNO-B source at {@code epochYear}, as the xmatch step records it with each
     * candidate; null when the tile has none of their neighbourhoods kept.
     */
    NearestCatalogueSource nearestCatalogueSource(TileId tile, double raDeg, double decDeg, double epochYear)
            throws IOException {
        List<SourcesAtEpoch> sources = load(tile, VETO_CATALOGUES);
        return sources.isEmpty() ? null : NearestCatalogueSource.of(sources, raDeg, decDeg, epochYear);
    }

    /** True when the xmatch step has kept a neighbourhood of {@code catalogue} for the tile. */
    boolean has(TileId tile, Catalogue catalogue) throws IOException {
        return !load(tile, List.of(catalogue)).isEmpty();
    }

    /**
     * The tile's kept neighbourhoods of {@code catalogues}, each read on first need only: the readout's bright star
     * needs the short bright-star list, not the Gaia, PS1 and USNO-B files (the circles of the stamps read those).
     */
    private List<SourcesAtEpoch> load(TileId tile, List<Catalogue> catalogues) throws IOException {
        Map<Catalogue, Optional<SourcesAtEpoch>> kept;
        synchronized (tiles) {
            kept = tiles.computeIfAbsent(tile, t -> new EnumMap<>(Catalogue.class));
        }
        List<SourcesAtEpoch> out = new ArrayList<>(catalogues.size());
        for (Catalogue catalogue : catalogues) {
            Optional<SourcesAtEpoch> sources;
            synchronized (kept) {
                sources = kept.get(catalogue);
            }
            if (sources == null) {
                // read outside the lock: another tile's views need not wait for this one's files
                sources = read(tile, catalogue);
                synchronized (kept) {
                    kept.put(catalogue, sources);
                }
            }
            sources.ifPresent(out::add);
        }
        return out;
    }

    private Optional<SourcesAtEpoch> read(TileId tile, Catalogue catalogue) throws IOException {
        Path file = store.catalogNeighbourhood(catalogue.label(), tile);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(SourcesAtEpoch.of(new CatalogueNeighbourhood(catalogue, tile.raDeg(), tile.decDeg(),
                    Double.NaN, NeighbourhoodCsv.read(catalogue, file))));
        } catch (IOException e) {
            // a damaged file must not take the review page down: the catalogue is shown as not kept
            LOG.warn("Review: the {} neighbourhood of {} is unreadable and not drawn: {}", catalogue.label(), tile,
                    e.getMessage());
            return Optional.empty();
        }
    }
}
