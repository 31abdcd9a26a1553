package org.vasco.xmatch.stage;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.Set;
import org.vasco.common.catalog.Catalogue;
import org.vasco.common.catalog.CatalogueNeighbourhood;
import org.vasco.common.catalog.NearestCatalogueSource;
import org.vasco.common.catalog.SourcesAtEpoch;
import org.vasco.common.detection.Detection;
import org.vasco.common.psf.LocusStarSelection;
import org.vasco.common.psf.PsfStarPositions;
import org.vasco.common.stage.PermanentStageException;
import org.vasco.common.stage.StageContext;
import org.vasco.common.stage.StageException;
import org.vasco.common.stage.StageResult;
import org.vasco.common.stage.TileStage;
import org.vasco.common.stage.TransientStageException;
import org.vasco.common.storage.ArtefactStore;
import org.vasco.common.storage.TileArea;
import org.vasco.common.summary.FunnelCounter;
import org.vasco.common.task.ScienceProfile;
import org.vasco.common.task.Step;
import org.vasco.common.task.TileTask;
import org.vasco.xmatch.catalog.NeighbourhoodSource;
import org.vasco.xmatch.catalog.NeighbourhoodUnavailableException;
import org.vasco.xmatch.science.CatalogueVeto;
import org.vasco.xmatch.science.CatalogueVetoInput;
import org.vasco.xmatch.science.CatalogueVetoParameters;
import org.vasco.xmatch.science.CatalogueVetoResult;
import org.vasco.xmatch.science.MissingCatalogueException;

/**
 * Step 4 (XMATCH) for one tile: detections, plate epoch and catalogue neighbourhoods in, the SPEC §6
 * science up to the catalogue veto, artefacts under {@code tiles/<tile_id>/xmatch/} (among them
 * {@code ArtefactFile.VETO_SURVIVORS}, the list the fast path's measurement associates with, and in the fast path
 * {@code ArtefactFile.PSF_REFERENCE}, the detections S0M's PSF selection can pick, which it measures too), and {@code tile_summary} +
 * {@code candidate} rows (one per veto survivor) as effects of the step's transaction. The late filters and
 * the spike cut run in the veto step, after measurement, in both run modes.
 *
 * <p>Detections: the full pass-2 catalogue, or in a run whose graph has {@link Step#MEASURE} (the fast path)
 * the position pass. When some detection survives the veto the PS1 bright-star list is made sure to be in the
 * neighbourhood cache, so the veto step reads it from storage without a MAST client of its own.
 *
 * <p>PS1 is not asked for south of Dec −30° (the survey's limit, SPEC §6.1 item 2); every other catalogue
 * must be there or the attempt fails and is retried, never completed without its veto (SPEC §12 #12). An
 * empty survivor set completes normally. Thread-safe when its collaborators are.
 */
public final class XmatchStage implements TileStage {

    private final ArtefactStore store;
    private final DetectionSource detections;
    private final DetectionSource positions;
    private final NeighbourhoodSource neighbourhoods;
    private final PlateEpochLookup epochs;
    private final CatalogueVetoParameters parameters;

    /** A stage reading the same detections in both run modes (tests, and catalogues holding every column). */
    public XmatchStage(ArtefactStore store, DetectionSource detections, NeighbourhoodSource neighbourhoods,
                       PlateEpochLookup epochs, CatalogueVetoParameters parameters) {
        this(store, detections, detections, neighbourhoods, epochs, parameters);
    }

    /**
     * @param detections the full pass-2 detections (the full path)
     * @param positions  the position pass's detections (the fast path, whose graph measures after the veto)
     */
    public XmatchStage(ArtefactStore store, DetectionSource detections, DetectionSource positions,
                       NeighbourhoodSource neighbourhoods, PlateEpochLookup epochs, CatalogueVetoParameters parameters) {
        this.store = store;
        this.detections = detections;
        this.positions = positions;
        this.neighbourhoods = neighbourhoods;
        this.epochs = epochs;
        this.parameters = parameters;
    }

    @Override
    public Step step() {
        return Step.XMATCH;
    }

    @Override
    public StageResult run(StageContext context) throws StageException, InterruptedException {
        TileTask task = context.task();
        double epoch = plateEpoch(task);
        boolean fast = context.runs(Step.MEASURE);
        List<Detection> rows;
        try {
            rows = (fast ? positions : detections).detections(task.tile());
        } catch (IOException e) {
            throw new TransientStageException("DETECTIONS_UNREADABLE", task.tileId() + ": " + (fast ? "position-pass" : "pass-2")
                    + " detections cannot be read: " + e.getMessage(), e);
        }
        CatalogueVetoResult result;
        CatalogueNeighbourhood gaia;
        List<NearestCatalogueSource> isolation;
        try {
            gaia = neighbourhood(Catalogue.GAIA, task);
            boolean ps1Covers = Catalogue.PS1.covers(task.decDeg());
            CatalogueNeighbourhood ps1 = ps1Covers ? neighbourhood(Catalogue.PS1, task) : null;
            String ps1Reason = ps1Covers ? null
                    : "PS1 DR2 does not cover Dec < " + Catalogue.PS1_SOUTH_LIMIT_DEG + " (tile centre Dec " + task.decDeg() + ")";
            CatalogueNeighbourhood usnob = neighbourhood(Catalogue.USNOB, task);
            // the profile decides only WCSFIX's clipping here (docs/science.md)
            CatalogueVeto science = new CatalogueVeto(parameters.forProfile(context.profile()));
            result = science.run(new CatalogueVetoInput(task.tileId(), task.raDeg(), task.decDeg(), epoch, rows, gaia, ps1, ps1Reason,
                    usnob));
            if (!result.survivors().isEmpty()) {
                // the spike cut of the veto step reads it from the cache; only the survivors need it (SPEC §6.8)
                neighbourhood(Catalogue.PS1_BRIGHT, task);
            }
            isolation = isolation(result, epoch, gaia, ps1, usnob);
        } catch (NeighbourhoodUnavailableException e) {
            throw e.toStageException();
        } catch (MissingCatalogueException e) {
            throw new TransientStageException("CATALOGUE_MISSING", e.getMessage(), e);
        }
        List<Detection> psfReference = fast ? psfReference(task, rows, gaia, context.profile()) : List.of();
        try {
            Path area = store.tileArea(task.tile(), TileArea.XMATCH);
            ArtefactStore fenced = store.fenced(context.fence());
            XmatchArtefacts.write(fenced, area, task.tile(), result);
            if (fast) {
                XmatchArtefacts.writePsfReference(fenced, area, psfReference);
            }
        } catch (IOException e) {
            throw new TransientStageException("STORAGE", task.tileId() + ": step-4 artefacts cannot be written: "
                    + e.getMessage(), e);
        }
        Map<String, Object> metrics = new LinkedHashMap<>();
        for (FunnelCounter counter : List.of(FunnelCounter.DETECTIONS_IN, FunnelCounter.VETO_START_ROWS,
                FunnelCounter.VETO_AFTER_GAIA_ROWS, FunnelCounter.VETO_AFTER_PS1_ROWS, FunnelCounter.VETO_AFTER_USNOB_ROWS,
                FunnelCounter.HPM_OBJECTS, FunnelCounter.WCSFIX_OK)) {
            metrics.put(counter.key(), result.counters().get(counter.key()));
        }
        metrics.put("veto_survivors", result.survivors().size());
        if (fast) {
            metrics.put("psf_reference", psfReference.size());
        }
        return StageResult.done(metrics, XmatchRecords.effects(task, epoch, result, isolation));
    }

    /**
     * Each survivor's nearest Gaia DR3, PS1 or USNO-B source at the plate epoch, from the neighbourhoods in memory, as
     * the review page's readout computes it from their kept files: recorded so sorting a run by isolation reads no files.
     */
    private static List<NearestCatalogueSource> isolation(CatalogueVetoResult result, double epoch,
                                                          CatalogueNeighbourhood... neighbourhoods) {
        if (result.survivors().isEmpty()) {
            return List.of();
        }
        List<SourcesAtEpoch> sources = Arrays.stream(neighbourhoods).filter(Objects::nonNull).map(SourcesAtEpoch::of).toList();
        return result.survivors().stream()
                .map(s -> NearestCatalogueSource.of(sources, s.raDeg(), s.decDeg(), epoch)).toList();
    }

    /**
     * The position-pass detections the veto step's stages compare candidates with, so the measurement pass measures
     * them and the stages find their stars in the fast path's pass 2 as in the full one: those S0M's PSF selection
     * can pick by position ({@link PsfStarPositions}: the 30′ circle and a Gaia 12 &lt; G &lt; 18 star within 3″ at
     * catalogue epoch, the neighbourhood the veto step reads back from the cache) and, for the corrected profile,
     * its stellar locus ({@link LocusStarSelection}).
     */
    private static List<Detection> psfReference(TileTask task, List<Detection> rows, CatalogueNeighbourhood gaia,
                                                ScienceProfile profile) {
        List<PsfStarPositions.GaiaStar> stars = PsfStarPositions.gaiaStars(gaia);
        PsfStarPositions positions = new PsfStarPositions(stars);
        Set<Integer> locus = profile == ScienceProfile.CORRECTED
                ? LocusStarSelection.select(task.tile(), rows, stars) : Set.of();
        return rows.stream().filter(d -> locus.contains(d.number())
                || positions.admits(task.tile(), d.alphawinJ2000(), d.deltawinJ2000())).toList();
    }

    private CatalogueNeighbourhood neighbourhood(Catalogue catalogue, TileTask task)
            throws NeighbourhoodUnavailableException, InterruptedException {
        CatalogueNeighbourhood n = neighbourhoods.neighbourhood(catalogue, task.tile(), task.raDeg(), task.decDeg());
        if (n == null) {
            throw new MissingCatalogueException(task.tileId() + ": no " + catalogue.label() + " neighbourhood");
        }
        return n;
    }

    private double plateEpoch(TileTask task) throws StageException {
        OptionalDouble epoch;
        try {
            epoch = epochs.plateEpoch(task.tile());
        } catch (SQLException e) {
            throw new TransientStageException("DATABASE", task.tileId() + ": plate epoch lookup failed: " + e.getMessage(), e);
        }
        if (epoch.isEmpty()) {
            throw new PermanentStageException("NO_PLATE_EPOCH", task.tileId() + " has no downloaded plate with a DATE-OBS; "
                    + "step 4 needs the plate epoch to move Gaia and USNO-B to it");
        }
        return epoch.getAsDouble();
    }
}
