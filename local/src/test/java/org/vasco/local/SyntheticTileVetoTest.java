package org.vasco.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.vasco.common.catalog.Catalogue;
import org.vasco.common.catalog.CatalogueNeighbourhood;
import org.vasco.common.config.Environment;
import org.vasco.common.detection.Detection;
import org.vasco.common.sky.EpochPropagation;
import org.vasco.common.sky.SkyGeometry;
import org.vasco.common.tile.TileId;
import org.vasco.extract.config.ExtractSettings;
import org.vasco.extract.config.ExtractionConfig;
import org.vasco.extract.pipeline.ExtractionPipeline;
import org.vasco.extract.tool.ToolLocator;
import org.vasco.extract.tool.ToolVersions;
import org.vasco.testkit.sky.SkyTile;
import org.vasco.testkit.sky.SyntheticSky;
import org.vasco.testkit.sky.TruthKind;
import org.vasco.testkit.sky.TruthObject;
import org.vasco.xmatch.science.CatalogueVeto;
import org.vasco.xmatch.science.CatalogueVetoInput;
import org.vasco.xmatch.science.CatalogueVetoParameters;
import org.vasco.xmatch.science.CatalogueVetoResult;
import org.vasco.xmatch.science.RejectedDetection;
import org.vasco.xmatch.science.RejectionStage;

/**
 * The science acceptance test of the cross-match: on rendered synthetic 15′ tiles, extracted by the
 * real SExtractor/PSFEx, the veto chain with each tile's own neighbourhoods removes every detected star
 * the catalogues contain — high-proper-motion stars included, which match only after propagation to
 * the plate epoch — and keeps every detected vanishing source; whatever else survives the veto is of a
 * kind no catalogue lists. Two tiles: one in PS1's sky (all three catalogues veto) and one south of
 * Dec −30° (no PS1), whose truth also holds a high-proper-motion star with a chance neighbour, pieces of
 * blemishes and an object cut by the image border.
 */
class SyntheticTileVetoTest {

    /** A detection is the truth object within this of its windowed position. */
    static final double MATCH_ARCSEC = 2.0;
    /** A truth object is "in a catalogue" when a source at the plate epoch lies this close to it. */
    static final double IN_CATALOGUE_ARCSEC = 1.5;
    /**
     * High-proper-motion stars shown to need propagation: moved more than the 5″ veto radius plus 1″ for
     * the catalogue's position errors (USNO-B ≈ 0.2″ per axis) and the detection's, and with no other
     * catalogue source that close to their plate position (a chance neighbour vetoes them either way).
     */
    static final double HPM_MOVED_ARCSEC = 6.0;
    /** Radius around its centre within which an emulsion defect is drawn (PlateBlemishes). */
    static final double DEFECT_REACH_PX = 12;
    /** Longest scratch drawn, plus its soft ends (PlateBlemishes). */
    static final double SCRATCH_REACH_PX = 258;
    /** SExtractor FLAGS bit: the object is truncated at the image boundary. */
    static final int TRUNCATED = 8;
    static final Set<RejectionStage> VETO = EnumSet.of(RejectionStage.VETO_GAIA, RejectionStage.VETO_PS1,
            RejectionStage.VETO_USNOB);

    private static final Map<String, VetoedTile> TILES = new ConcurrentHashMap<>();
    @TempDir
    static Path dir;

    /** The tile of a test, rendered, extracted and vetoed once for all tests. */
    private static VetoedTile tile(String name) throws Exception {
        VetoedTile t = TILES.get(name);
        if (t == null) {
            t = switch (name) {
                case "north" -> VetoedTile.of(1, TileId.of("tile_RA130.013_DECp33.081"), "XE258", dir.resolve(name));
                case "south" -> VetoedTile.of(8, TileId.of("tile_RA183.621_DECm30.695"), "XE909", dir.resolve(name));
                default -> throw new IllegalArgumentException(name);
            };
            TILES.put(name, t);
        }
        return t;
    }

    /**
     * One tile through extraction and step 4, twice: with the catalogues as they are, and with their
     * proper motions removed (every source stays at its catalogue epoch).
     */
    record VetoedTile(SkyTile sky, List<Detection> detections, CatalogueVetoResult propagated, CatalogueVetoResult unpropagated,
                      Map<Integer, TruthObject> truthOf, Map<String, Integer> detectionOf) {

        static VetoedTile of(long seed, TileId id, String plate, Path dir) throws Exception {
            SkyTile sky = SyntheticSky.withSeed(seed).withSizeArcmin(15).render(id, plate);
            Path image = sky.writeTo(dir);
            ExtractSettings settings = ExtractSettings.from(Environment.of(Map.of()));
            ToolLocator.Tools tools = ToolLocator.system().locate(settings);
            ExtractionPipeline pipeline = new ExtractionPipeline(tools, ToolVersions.of(tools), ExtractionConfig.from(settings),
                    settings);
            List<Detection> detections = pipeline.run(new ExtractionPipeline.Request(image, dir.resolve("work"),
                    dir.resolve("logs"), dir.resolve("extract"))).detections();

            double radius = sky.defaultNeighbourhoodRadiusArcmin();
            CatalogueNeighbourhood gaia = sky.neighbourhood(Catalogue.GAIA, radius);
            boolean ps1Covers = Catalogue.PS1.covers(sky.centreDecDeg());
            CatalogueNeighbourhood ps1 = ps1Covers ? sky.neighbourhood(Catalogue.PS1, radius) : null;
            String ps1Reason = ps1Covers ? null : "south of PS1";
            CatalogueNeighbourhood usnob = sky.neighbourhood(Catalogue.USNOB, radius);
            CatalogueVeto science = new CatalogueVeto(CatalogueVetoParameters.reference());
            double epoch = sky.plateEpoch().decimalYear();
            String tileId = id.value();
            CatalogueVetoResult propagated = science.run(new CatalogueVetoInput(tileId, sky.centreRaDeg(), sky.centreDecDeg(), epoch,
                    detections, gaia, ps1, ps1Reason, usnob));
            CatalogueVetoResult unpropagated = science.run(new CatalogueVetoInput(tileId, sky.centreRaDeg(), sky.centreDecDeg(), epoch,
                    detections, withoutProperMotions(gaia), ps1, ps1Reason, withoutProperMotions(usnob)));
            Map<Integer, TruthObject> truthOf = new HashMap<>();
            Map<String, Integer> detectionOf = new HashMap<>();
            matchTruth(sky, detections, truthOf, detectionOf);
            return new VetoedTile(sky, detections, propagated, unpropagated, truthOf, detectionOf);
        }

        /** Each detection is the nearest truth object within {@value #MATCH_ARCSEC}″; each object keeps its nearest detection. */
        private static void matchTruth(SkyTile sky, List<Detection> detections, Map<Integer, TruthObject> truthOf,
                                       Map<String, Integer> detectionOf) {
            Map<String, Double> best = new HashMap<>();
            for (Detection d : detections) {
                TruthObject nearest = null;
                double nearestArcsec = MATCH_ARCSEC;
                for (TruthObject t : sky.truth()) {
                    double s = SkyGeometry.separationArcsec(t.raDeg(), t.decDeg(), d.alphawinJ2000(), d.deltawinJ2000());
                    if (s <= nearestArcsec) {
                        nearest = t;
                        nearestArcsec = s;
                    }
                }
                if (nearest != null && nearestArcsec < best.getOrDefault(nearest.id(), Double.MAX_VALUE)) {
                    if (detectionOf.containsKey(nearest.id())) {
                        truthOf.remove(detectionOf.get(nearest.id()));
                    }
                    best.put(nearest.id(), nearestArcsec);
                    detectionOf.put(nearest.id(), d.number());
                    truthOf.put(d.number(), nearest);
                }
            }
        }

        private static CatalogueNeighbourhood withoutProperMotions(CatalogueNeighbourhood n) {
            int pmRa = n.column("pmRA");
            int pmDe = n.column("pmDE");
            List<String[]> rows = new ArrayList<>();
            for (String[] row : n.rows()) {
                String[] copy = row.clone();
                copy[pmRa] = "";
                copy[pmDe] = "";
                rows.add(copy);
            }
            return new CatalogueNeighbourhood(n.catalogue(), n.centreRaDeg(), n.centreDecDeg(), n.radiusArcmin(), rows);
        }

        /** NUMBER → the stage that removed it; detections absent from the map survived step 4. */
        static Map<Integer, RejectionStage> stages(CatalogueVetoResult result) {
            Map<Integer, RejectionStage> stage = new HashMap<>();
            for (RejectedDetection r : result.rejected()) {
                stage.put(r.detection().number(), r.stage());
            }
            return stage;
        }

        /** The catalogues' sources at the plate epoch (Gaia and USNO-B propagated, PS1 as it is), or unpropagated. */
        List<double[][]> catalogues(boolean atPlateEpoch) {
            double radius = sky.defaultNeighbourhoodRadiusArcmin();
            List<double[][]> out = new ArrayList<>();
            for (Catalogue c : List.of(Catalogue.GAIA, Catalogue.PS1, Catalogue.USNOB)) {
                CatalogueNeighbourhood n = sky.neighbourhood(c, radius);
                if (atPlateEpoch && c.hasProperMotions()) {
                    EpochPropagation.Propagated p = EpochPropagation.propagate(n.ra(), n.dec(), n.doubles("pmRA"),
                            n.doubles("pmDE"), c.epoch(), sky.plateEpoch().decimalYear());
                    out.add(new double[][] {p.ra(), p.dec()});
                } else {
                    out.add(new double[][] {n.ra(), n.dec()});
                }
            }
            return out;
        }

        /**
         * The plate blemish whose rendered footprint holds a detection that matches no truth centre: an
         * emulsion defect is a clump of blobs drawn up to {@value #DEFECT_REACH_PX} px around its centre
         * and a scratch a line up to {@value #SCRATCH_REACH_PX} px long through it, so SExtractor may find
         * a piece of one (or its light-weighted centre) well away from the centre the truth records.
         */
        TruthObject blemishCovering(Detection d) {
            TruthObject nearest = null;
            double nearestPx = Double.MAX_VALUE;
            for (TruthObject t : sky.truth(TruthKind.ARTEFACT)) {
                double px = Math.hypot(t.xPixel() - d.xwinImage(), t.yPixel() - d.ywinImage());
                double reach = switch (t.detail()) {
                    case "emulsion_defect" -> DEFECT_REACH_PX;
                    case "scratch" -> SCRATCH_REACH_PX / 2;
                    default -> MATCH_ARCSEC / sky.pixelScaleArcsec();
                };
                if (px <= reach && px < nearestPx) {
                    nearest = t;
                    nearestPx = px;
                }
            }
            return nearest;
        }
    }

    private static boolean anyWithin(TruthObject t, List<double[][]> catalogues, double arcsec) {
        for (double[][] c : catalogues) {
            for (int i = 0; i < c[0].length; i++) {
                if (SkyGeometry.separationArcsec(t.raDeg(), t.decDeg(), c[0][i], c[1][i]) <= arcsec) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String describe(TruthObject t) {
        return String.format(Locale.ROOT, "%s %s%s mag %.2f pm (%.0f, %.0f) mas/yr", t.id(), t.kind().label(),
                t.detail().isEmpty() ? "" : "/" + t.detail(), t.magnitude(), t.pmRaMasYr(), t.pmDecMasYr());
    }

    @ParameterizedTest
    @ValueSource(strings = {"north", "south"})
    void everyDetectedCatalogueStarIsVetoed(String name) throws Exception {
        VetoedTile tile = tile(name);
        List<double[][]> catalogues = tile.catalogues(true);
        Map<Integer, RejectionStage> stage = VetoedTile.stages(tile.propagated());
        int detected = 0;
        int eliminated = 0;
        List<String> kept = new ArrayList<>();
        for (TruthObject star : tile.sky().truth(TruthKind.STAR)) {
            Integer number = tile.detectionOf().get(star.id());
            if (number == null || stage.get(number) == RejectionStage.CIRCLE
                    || !anyWithin(star, catalogues, IN_CATALOGUE_ARCSEC)) {
                continue;
            }
            detected++;
            if (VETO.contains(stage.get(number))) {
                eliminated++;
            } else {
                kept.add(describe(star) + " (detection " + number + ", " + stage.getOrDefault(number, null) + ")");
            }
        }
        System.out.printf(Locale.ROOT, "%s: catalogue stars detected %d, eliminated by the veto %d; %d detections in all%n",
                name, detected, eliminated, tile.detections().size());
        assertThat(detected).as("detected catalogue stars").isGreaterThan(100);
        assertThat(kept).as("catalogue stars the veto kept").isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"north", "south"})
    void everyDetectedVanishingSourceSurvivesTheVeto(String name) throws Exception {
        VetoedTile tile = tile(name);
        Map<Integer, RejectionStage> stage = VetoedTile.stages(tile.propagated());
        List<TruthObject> vanishing = tile.sky().truth(TruthKind.VANISHING);
        List<String> detected = new ArrayList<>();
        List<String> vetoed = new ArrayList<>();
        for (TruthObject v : vanishing) {
            Integer number = tile.detectionOf().get(v.id());
            if (number == null) {
                continue;
            }
            detected.add(v.id());
            if (VETO.contains(stage.get(number))) {
                vetoed.add(describe(v) + " by " + stage.get(number));
            }
        }
        System.out.printf(Locale.ROOT, "%s: vanishing sources on the tile %d, detected %d %s, vetoed %s%n", name,
                vanishing.size(), detected.size(), detected, vetoed);
        assertThat(detected).as("detected vanishing sources").isNotEmpty();
        assertThat(vetoed).as("vanishing sources eliminated by a catalogue").isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"north", "south"})
    void highProperMotionStarsAreVetoedOnlyThanksToPropagation(String name) throws Exception {
        VetoedTile tile = tile(name);
        Map<Integer, RejectionStage> withPm = VetoedTile.stages(tile.propagated());
        Map<Integer, RejectionStage> withoutPm = VetoedTile.stages(tile.unpropagated());
        double epoch = tile.sky().plateEpoch().decimalYear();
        List<double[][]> unmoved = tile.catalogues(false);
        List<String> shown = new ArrayList<>();
        List<String> crowded = new ArrayList<>();
        for (TruthObject star : tile.sky().truth(TruthKind.STAR)) {
            double pm = Math.hypot(star.pmRaMasYr(), star.pmDecMasYr());
            // the catalogue epoch nearest the plate is USNO-B's J2000: the least the star has moved
            double movedArcsec = pm * (Catalogue.USNOB.epoch() - epoch) / 1000.0;
            Integer number = tile.detectionOf().get(star.id());
            if (!star.detail().equals("hpm") || movedArcsec <= HPM_MOVED_ARCSEC || number == null
                    || withPm.get(number) == RejectionStage.CIRCLE) {
                continue;
            }
            if (anyWithin(star, unmoved, HPM_MOVED_ARCSEC)) {
                // another catalogue source (the star's own entries are farther) lies next to where the star
                // was on the plate: it vetoes the detection with or without propagation
                crowded.add(star.id());
                continue;
            }
            String line = String.format(Locale.ROOT, "%s: %s moved %.1f″ since J2000: with propagation %s, without %s",
                    name, describe(star), movedArcsec, withPm.get(number),
                    withoutPm.containsKey(number) ? withoutPm.get(number) : "a step-4 survivor");
            System.out.println(line);
            assertThat(withPm.get(number)).as(line).isIn(VETO);
            assertThat(withoutPm.get(number)).as(line).isNotIn(VETO);
            shown.add(star.id());
        }
        System.out.println(name + ": high-proper-motion stars left out for a catalogue neighbour within "
                + HPM_MOVED_ARCSEC + "″: " + crowded);
        assertThat(shown).as("detected high-proper-motion stars that moved > " + HPM_MOVED_ARCSEC + "″").isNotEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"north", "south"})
    void whatSurvivesTheVetoIsOfAKindNoCatalogueLists(String name) throws Exception {
        VetoedTile tile = tile(name);
        List<double[][]> catalogues = tile.catalogues(true);
        Map<Integer, RejectionStage> stage = VetoedTile.stages(tile.propagated());
        List<String> unexpected = new ArrayList<>();
        Map<String, Integer> kinds = new TreeMap<>();
        for (Detection d : tile.detections()) {
            RejectionStage s = stage.get(d.number());
            if (s == RejectionStage.CIRCLE || VETO.contains(s)) {
                continue;
            }
            TruthObject t = tile.truthOf().get(d.number());
            String kind;
            boolean truncated = false;
            if (t == null) {
                t = tile.blemishCovering(d);
                // an object centred just off the cut-out (not in the truth, which lists what is centred on it),
                // whose light SExtractor finds cut by the border, its centroid shifted by more than the veto radius
                truncated = t == null && (d.flags() & TRUNCATED) != 0;
                kind = t != null ? "part of a blemish (" + t.detail() + ")"
                        : truncated ? "truncated by the image border" : "no truth object within " + MATCH_ARCSEC + "″";
            } else if (t.kind() == TruthKind.STAR || t.kind() == TruthKind.GALAXY) {
                kind = t.kind().label() + (anyWithin(t, catalogues, IN_CATALOGUE_ARCSEC) ? " in a catalogue" : " in no catalogue");
            } else {
                kind = t.kind().label();
            }
            kinds.merge(kind, 1, Integer::sum);
            boolean allowed = t == null ? truncated : switch (t.kind()) {
                case VANISHING, ARTEFACT, ASTEROID -> true;
                case STAR, GALAXY -> !anyWithin(t, catalogues, IN_CATALOGUE_ARCSEC);
            };
            if (!allowed) {
                unexpected.add(String.format(Locale.ROOT, "detection %d at (%.6f, %.6f) SNR %.1f FLAGS %d: %s", d.number(),
                        d.alphawinJ2000(), d.deltawinJ2000(), d.snrWin(), d.flags(), t == null ? kind : describe(t)));
            }
        }
        System.out.println(name + ": veto survivors by kind " + kinds + "; veto survivors " + tile.propagated().survivors().size());
        assertThat(unexpected).as("veto survivors of an undocumented kind").isEmpty();
    }
}
