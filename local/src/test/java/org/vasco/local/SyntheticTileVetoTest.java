package org.vasco.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vasco.common.catalog.Catalogue;
import org.vasco.common.catalog.CatalogueNeighbourhood;
import org.vasco.common.config.Environment;
import org.vasco.common.detection.Detection;
import org.vasco.common.sky.EpochPropagation;
import org.vasco.common.sky.SkyGeometry;
import org.vasco.common.tile.TileId;
import org.vasco.extract.ExtractSettings;
import org.vasco.extract.ExtractionConfig;
import org.vasco.extract.ExtractionPipeline;
import org.vasco.extract.ToolLocator;
import org.vasco.extract.ToolVersions;
import org.vasco.testkit.sky.SkyTile;
import org.vasco.testkit.sky.SyntheticSky;
import org.vasco.testkit.sky.TruthKind;
import org.vasco.testkit.sky.TruthObject;
import org.vasco.xmatch.science.RejectedDetection;
import org.vasco.xmatch.science.RejectionStage;
import org.vasco.xmatch.science.Step4Input;
import org.vasco.xmatch.science.Step4Parameters;
import org.vasco.xmatch.science.Step4Result;
import org.vasco.xmatch.science.Step4Science;

/**
 * The science acceptance test of the cross-match: on a rendered synthetic tile, extracted by the real
 * SExtractor/PSFEx, the veto chain with the tile's own neighbourhoods removes every detected star the
 * catalogues contain — high-proper-motion stars included, which match only after propagation to the
 * plate epoch — and keeps every detected vanishing source; what else survives the veto is of a kind no
 * catalogue lists.
 */
class SyntheticTileVetoTest {

    static final TileId TILE = TileId.of("tile_RA130.013_DECp33.081");
    static final String PLATE = "XE258";
    /** A detection is the truth object within this of its windowed position. */
    static final double MATCH_ARCSEC = 2.0;
    /** A truth object is "in a catalogue" when a source at the plate epoch lies this close to it. */
    static final double IN_CATALOGUE_ARCSEC = 1.5;
    static final Set<RejectionStage> VETO = EnumSet.of(RejectionStage.VETO_GAIA, RejectionStage.VETO_PS1,
            RejectionStage.VETO_USNOB);

    @TempDir
    static Path dir;

    static SkyTile tile;
    static List<Detection> detections;
    static Step4Result propagated;
    static Step4Result unpropagated;
    /** Detection NUMBER → the truth object it is, for the detections that are one. */
    static final Map<Integer, TruthObject> truthOf = new HashMap<>();
    /** Truth id → its detection's NUMBER. */
    static final Map<String, Integer> detectionOf = new HashMap<>();

    @BeforeAll
    static void extractAndVeto() throws Exception {
        tile = SyntheticSky.withSeed(7).withSizeArcmin(15).render(TILE, PLATE);
        Path image = Files.write(dir.resolve(tile.fitsFileName()), tile.fits());
        ExtractSettings settings = ExtractSettings.from(Environment.of(Map.of()));
        ToolLocator.Tools tools = ToolLocator.system().locate(settings);
        ExtractionPipeline pipeline = new ExtractionPipeline(tools, ToolVersions.of(tools), ExtractionConfig.from(settings),
                settings);
        detections = pipeline.run(new ExtractionPipeline.Request(image, dir.resolve("work"), dir.resolve("logs"),
                dir.resolve("extract"))).detections();
        matchTruth();

        double radius = tile.defaultNeighbourhoodRadiusArcmin();
        CatalogueNeighbourhood gaia = tile.neighbourhood(Catalogue.GAIA, radius);
        CatalogueNeighbourhood ps1 = tile.neighbourhood(Catalogue.PS1, radius);
        CatalogueNeighbourhood usnob = tile.neighbourhood(Catalogue.USNOB, radius);
        CatalogueNeighbourhood bright = tile.neighbourhood(Catalogue.PS1_BRIGHT, SkyTile.BRIGHT_STAR_RADIUS_ARCMIN);
        Step4Science science = new Step4Science(Step4Parameters.reference());
        double epoch = tile.plateEpoch().decimalYear();
        propagated = science.run(new Step4Input(TILE.value(), tile.centreRaDeg(), tile.centreDecDeg(), epoch, detections,
                gaia, ps1, null, usnob, () -> bright));
        // The same catalogues without proper motions: every source stays at its catalogue epoch.
        unpropagated = science.run(new Step4Input(TILE.value(), tile.centreRaDeg(), tile.centreDecDeg(), epoch, detections,
                withoutProperMotions(gaia), ps1, null, withoutProperMotions(usnob), () -> bright));
    }

    /** Each detection is the nearest truth object within {@value #MATCH_ARCSEC}″; each object keeps its nearest detection. */
    private static void matchTruth() {
        Map<String, Double> best = new HashMap<>();
        for (Detection d : detections) {
            TruthObject nearest = null;
            double nearestArcsec = MATCH_ARCSEC;
            for (TruthObject t : tile.truth()) {
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
    private static Map<Integer, RejectionStage> stages(Step4Result result) {
        Map<Integer, RejectionStage> stage = new HashMap<>();
        for (RejectedDetection r : result.rejected()) {
            stage.put(r.detection().number(), r.stage());
        }
        return stage;
    }

    /** The catalogues' sources at the plate epoch (Gaia and USNO-B propagated, PS1 as it is). */
    private static List<double[][]> cataloguesAtPlate() {
        double epoch = tile.plateEpoch().decimalYear();
        double radius = tile.defaultNeighbourhoodRadiusArcmin();
        List<double[][]> out = new ArrayList<>();
        for (Catalogue c : List.of(Catalogue.GAIA, Catalogue.PS1, Catalogue.USNOB)) {
            CatalogueNeighbourhood n = tile.neighbourhood(c, radius);
            if (c.hasProperMotions()) {
                EpochPropagation.Propagated p = EpochPropagation.propagate(n.ra(), n.dec(), n.doubles("pmRA"),
                        n.doubles("pmDE"), c.epoch(), epoch);
                out.add(new double[][] {p.ra(), p.dec()});
            } else {
                out.add(new double[][] {n.ra(), n.dec()});
            }
        }
        return out;
    }

    private static boolean inCatalogues(TruthObject t, List<double[][]> catalogues) {
        for (double[][] c : catalogues) {
            for (int i = 0; i < c[0].length; i++) {
                if (SkyGeometry.separationArcsec(t.raDeg(), t.decDeg(), c[0][i], c[1][i]) <= IN_CATALOGUE_ARCSEC) {
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

    @Test
    void everyDetectedCatalogueStarIsVetoed() {
        List<double[][]> catalogues = cataloguesAtPlate();
        Map<Integer, RejectionStage> stage = stages(propagated);
        int detected = 0;
        int eliminated = 0;
        List<String> kept = new ArrayList<>();
        for (TruthObject star : tile.truth(TruthKind.STAR)) {
            Integer number = detectionOf.get(star.id());
            if (number == null || stage.get(number) == RejectionStage.CIRCLE || !inCatalogues(star, catalogues)) {
                continue;
            }
            detected++;
            if (VETO.contains(stage.get(number))) {
                eliminated++;
            } else {
                kept.add(describe(star) + " (detection " + number + ", " + stage.getOrDefault(number, null) + ")");
            }
        }
        System.out.printf(Locale.ROOT, "catalogue stars detected %d, eliminated by the veto %d; %d detections in all%n",
                detected, eliminated, detections.size());
        assertThat(detected).as("detected catalogue stars").isGreaterThan(100);
        assertThat(kept).as("catalogue stars the veto kept").isEmpty();
    }

    @Test
    void everyDetectedVanishingSourceSurvivesTheVeto() {
        Map<Integer, RejectionStage> stage = stages(propagated);
        List<TruthObject> vanishing = tile.truth(TruthKind.VANISHING);
        List<String> detected = new ArrayList<>();
        List<String> vetoed = new ArrayList<>();
        for (TruthObject v : vanishing) {
            Integer number = detectionOf.get(v.id());
            if (number == null) {
                continue;
            }
            detected.add(v.id());
            if (VETO.contains(stage.get(number))) {
                vetoed.add(describe(v) + " by " + stage.get(number));
            }
        }
        System.out.printf(Locale.ROOT, "vanishing sources on the tile %d, detected %d %s, vetoed %s%n", vanishing.size(),
                detected.size(), detected, vetoed);
        assertThat(detected).as("detected vanishing sources").isNotEmpty();
        assertThat(vetoed).as("vanishing sources eliminated by a catalogue").isEmpty();
    }

    @Test
    void highProperMotionStarsAreVetoedOnlyThanksToPropagation() {
        Map<Integer, RejectionStage> withPm = stages(propagated);
        Map<Integer, RejectionStage> withoutPm = stages(unpropagated);
        double epoch = tile.plateEpoch().decimalYear();
        List<String> shown = new ArrayList<>();
        for (TruthObject star : tile.truth(TruthKind.STAR)) {
            double pm = Math.hypot(star.pmRaMasYr(), star.pmDecMasYr());
            // the nearest catalogue epoch to the plate is USNO-B's J2000: the least the star has moved
            double movedArcsec = pm * (Catalogue.USNOB.epoch() - epoch) / 1000.0;
            Integer number = detectionOf.get(star.id());
            if (!star.detail().equals("hpm") || movedArcsec <= 5.0 || number == null
                    || withPm.get(number) == RejectionStage.CIRCLE) {
                continue;
            }
            String line = String.format(Locale.ROOT, "%s moved %.1f″ since J2000: with propagation %s, without %s",
                    describe(star), movedArcsec, withPm.get(number), withoutPm.getOrDefault(number, null));
            System.out.println(line);
            assertThat(withPm.get(number)).as(line).isIn(VETO);
            assertThat(withoutPm.get(number)).as(line).isNotIn(VETO);
            shown.add(star.id());
        }
        assertThat(shown).as("detected high-proper-motion stars that moved > 5″").isNotEmpty();
    }

    @Test
    void whatSurvivesTheVetoIsOfAKindNoCatalogueLists() {
        List<double[][]> catalogues = cataloguesAtPlate();
        Map<Integer, RejectionStage> stage = stages(propagated);
        List<String> unexpected = new ArrayList<>();
        Map<String, Integer> kinds = new java.util.TreeMap<>();
        for (Detection d : detections) {
            RejectionStage s = stage.get(d.number());
            if (s == RejectionStage.CIRCLE || VETO.contains(s)) {
                continue;
            }
            TruthObject t = truthOf.get(d.number());
            String kind;
            if (t == null) {
                kind = "no truth object within " + MATCH_ARCSEC + "″";
            } else if (t.kind() == TruthKind.STAR || t.kind() == TruthKind.GALAXY) {
                kind = t.kind().label() + (inCatalogues(t, catalogues) ? " in a catalogue" : " in no catalogue");
            } else {
                kind = t.kind().label();
            }
            kinds.merge(kind, 1, Integer::sum);
            boolean allowed = t == null ? false : switch (t.kind()) {
                case VANISHING, ARTEFACT, ASTEROID -> true;
                case STAR, GALAXY -> !inCatalogues(t, catalogues);
            };
            if (!allowed) {
                unexpected.add(String.format(Locale.ROOT, "detection %d at (%.6f, %.6f) SNR %.1f: %s", d.number(),
                        d.alphawinJ2000(), d.deltawinJ2000(), d.snrWin(), t == null ? kind : describe(t)));
            }
        }
        System.out.println("veto survivors by kind: " + kinds + "; step-4 survivors " + propagated.survivors().size());
        assertThat(unexpected).as("veto survivors of an undocumented kind").isEmpty();
    }
}
