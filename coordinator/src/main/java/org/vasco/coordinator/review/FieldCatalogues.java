package org.vasco.coordinator.review;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vasco.common.catalog.Catalogue;
import org.vasco.common.catalog.CatalogueNeighbourhood;
import org.vasco.common.catalog.NeighbourhoodCsv;
import org.vasco.common.sky.EpochPropagation;
import org.vasco.common.sky.SkyGeometry;
import org.vasco.common.sky.match.SkyIndex;
import org.vasco.common.storage.ArtefactStore;
import org.vasco.common.tile.TileId;

/**
 * The catalogue sources around a candidate, from the neighbourhoods the xmatch step keeps in the shared storage
 * ({@code catalogs/<catalogue>/<tile_id>.csv.gz}): no archive is asked. Each tile's files are read once and kept for
 * the {@value #TILES_KEPT} most recently viewed tiles, indexed at their catalogue epoch; a query moves the sources it
 * finds to the epoch asked for with their proper motions (Gaia DR3 from 2016.0, USNO-B1.0 from 2000.0; PS1 has none
 * and stays where it was measured). A catalogue whose file is absent (a tile not yet cross-matched, or a catalogue
 * switched off) or unreadable (logged) contributes nothing. Thread-safe.
 */
final class FieldCatalogues {

    /** The catalogues drawn and searched: the three of the veto. */
    static final List<Catalogue> VETO_CATALOGUES = List.of(Catalogue.GAIA, Catalogue.PS1, Catalogue.USNOB);
    static final int TILES_KEPT = 4;
    /** Proper motions above this (mas/yr) are taken as bad data: such a source is searched as if it did not move. */
    private static final double MAX_PM_MAS_YR = 10_000;

    /** A catalogue source placed at an epoch. */
    record Placed(Catalogue catalogue, double raDeg, double decDeg, double separationArcsec, double magnitude) {
    }

    /** One catalogue of one tile, indexed at its epoch. */
    private record Sources(Catalogue catalogue, double[] ra, double[] dec, double[] pmRa, double[] pmDec, double[] mag,
                           double maxPm, SkyIndex index) {
    }

    /** The red magnitude shown for each catalogue's sources. */
    private static final Map<Catalogue, String> MAGNITUDE = Map.of(Catalogue.GAIA, "Gmag", Catalogue.PS1, "rmag",
            Catalogue.USNOB, "R1mag", Catalogue.PS1_BRIGHT, "rmag");

    private static final Logger LOG = LoggerFactory.getLogger(FieldCatalogues.class);

    private final ArtefactStore store;
    private final Map<TileId, Map<Catalogue, Sources>> tiles = new RecentlyUsed<>(TILES_KEPT);

    FieldCatalogues(ArtefactStore store) {
        this.store = store;
    }

    /**
     * The sources of {@code catalogues} within {@code radiusArcsec} of a position at {@code epochYear} (NaN: at
     * their catalogue epochs), nearest first.
     */
    List<Placed> near(TileId tile, List<Catalogue> catalogues, double raDeg, double decDeg, double radiusArcsec,
                      double epochYear) throws IOException {
        Map<Catalogue, Sources> loaded = load(tile);
        List<Placed> out = new ArrayList<>();
        double[] moved = new double[2];
        for (Catalogue catalogue : catalogues) {
            Sources s = loaded.get(catalogue);
            if (s == null) {
                continue;
            }
            double years = catalogue.hasProperMotions() && Double.isFinite(epochYear) ? Math.abs(epochYear - catalogue.epoch()) : 0;
            double margin = s.maxPm() * years / 1000.0;
            s.index().forEachWithin(raDeg, decDeg, radiusArcsec + margin, (row, separation) -> {
                double ra = s.ra()[row];
                double dec = s.dec()[row];
                if (years > 0 && EpochPropagation.propagate(ra, dec, s.pmRa()[row], s.pmDec()[row], catalogue.epoch(),
                        epochYear, moved)) {
                    ra = moved[0];
                    dec = moved[1];
                }
                double at = SkyGeometry.separationArcsec(raDeg, decDeg, ra, dec);
                if (at <= radiusArcsec) {
                    out.add(new Placed(catalogue, ra, dec, at, s.mag()[row]));
                }
            });
        }
        out.sort((a, b) -> Double.compare(a.separationArcsec(), b.separationArcsec()));
        return out;
    }

    /** The nearest source of {@code catalogues} within {@code radiusArcsec} at {@code epochYear}, or null. */
    Placed nearest(TileId tile, List<Catalogue> catalogues, double raDeg, double decDeg, double radiusArcsec,
                   double epochYear) throws IOException {
        List<Placed> near = near(tile, catalogues, raDeg, decDeg, radiusArcsec, epochYear);
        return near.isEmpty() ? null : near.get(0);
    }

    /** True when the xmatch step has kept a neighbourhood of {@code catalogue} for the tile. */
    boolean has(TileId tile, Catalogue catalogue) throws IOException {
        return load(tile).containsKey(catalogue);
    }

    /** True when the xmatch step has kept a neighbourhood of any of {@code catalogues} for the tile. */
    boolean hasAny(TileId tile, List<Catalogue> catalogues) throws IOException {
        Map<Catalogue, Sources> loaded = load(tile);
        return catalogues.stream().anyMatch(loaded::containsKey);
    }

    private Map<Catalogue, Sources> load(TileId tile) throws IOException {
        synchronized (tiles) {
            Map<Catalogue, Sources> loaded = tiles.get(tile);
            if (loaded != null) {
                return loaded;
            }
        }
        // read outside the lock: another tile's views need not wait for this one's files
        Map<Catalogue, Sources> loaded = new EnumMap<>(Catalogue.class);
        for (Catalogue catalogue : Catalogue.values()) {
            Path file = store.catalogNeighbourhood(catalogue.label(), tile);
            if (Files.isRegularFile(file)) {
                try {
                    loaded.put(catalogue, index(new CatalogueNeighbourhood(catalogue, tile.raDeg(), tile.decDeg(), Double.NaN,
                            NeighbourhoodCsv.read(catalogue, file))));
                } catch (IOException e) {
                    // a damaged file must not take the review page down: the catalogue is shown as not kept
                    LOG.warn("Review: the {} neighbourhood of {} is unreadable and not drawn: {}", catalogue.label(), tile,
                            e.getMessage());
                }
            }
        }
        synchronized (tiles) {
            tiles.put(tile, loaded);
        }
        return loaded;
    }

    private static Sources index(CatalogueNeighbourhood n) {
        Catalogue catalogue = n.catalogue();
        double[] ra = n.ra();
        double[] dec = n.dec();
        int rows = ra.length;
        double[] pmRa = catalogue.hasProperMotions() ? n.doubles("pmRA") : new double[rows];
        double[] pmDec = catalogue.hasProperMotions() ? n.doubles("pmDE") : new double[rows];
        double maxPm = 0;
        for (int i = 0; i < rows; i++) {
            double pm = Math.hypot(pmRa[i], pmDec[i]);
            if (Double.isFinite(pm) && pm <= MAX_PM_MAS_YR) {
                maxPm = Math.max(maxPm, pm);
            } else if (Double.isFinite(pm)) {
                pmRa[i] = Double.NaN;
                pmDec[i] = Double.NaN;
            }
        }
        double[] mag = n.doubles(MAGNITUDE.get(catalogue));
        return new Sources(catalogue, ra, dec, pmRa, pmDec, mag, maxPm, SkyIndex.build(ra, dec, 30.0));
    }
}
