package org.vasco.xmatch.stage;

import java.io.IOException;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.CancellationException;
import org.vasco.common.catalog.Catalogue;
import org.vasco.common.catalog.CatalogueNeighbourhood;
import org.vasco.common.detection.Detection;
import org.vasco.common.stage.PermanentStageException;
import org.vasco.common.stage.StageContext;
import org.vasco.common.stage.StageException;
import org.vasco.common.stage.StageResult;
import org.vasco.common.stage.TileStage;
import org.vasco.common.stage.TransientStageException;
import org.vasco.common.storage.ArtefactStore;
import org.vasco.common.task.Step;
import org.vasco.common.task.TileTask;
import org.vasco.xmatch.catalog.NeighbourhoodSource;
import org.vasco.xmatch.catalog.NeighbourhoodUnavailableException;
import org.vasco.xmatch.science.MissingCatalogueException;
import org.vasco.xmatch.science.Step4Input;
import org.vasco.xmatch.science.Step4Parameters;
import org.vasco.xmatch.science.Step4Result;
import org.vasco.xmatch.science.Step4Science;

/**
 * Step 4 (XMATCH) for one tile: detections, plate epoch and catalogue neighbourhoods in, the SPEC §6
 * science, artefacts under {@code tiles/<tile_id>/xmatch/}, and {@code tile_summary} + {@code candidate}
 * rows as effects of the step's transaction. PS1 is not asked for south of Dec −30° (the survey's
 * limit, SPEC §6.1 item 2); every other catalogue must be there or the attempt fails and is retried,
 * never completed without its veto (SPEC §12 #12). An empty survivor set completes normally.
 * Thread-safe when its collaborators are.
 */
public final class XmatchStage implements TileStage {

    private final ArtefactStore store;
    private final DetectionSource detections;
    private final NeighbourhoodSource neighbourhoods;
    private final PlateEpochLookup epochs;
    private final Step4Science science;

    public XmatchStage(ArtefactStore store, DetectionSource detections, NeighbourhoodSource neighbourhoods,
                       PlateEpochLookup epochs, Step4Parameters parameters) {
        this.store = store;
        this.detections = detections;
        this.neighbourhoods = neighbourhoods;
        this.epochs = epochs;
        this.science = new Step4Science(parameters);
    }

    @Override
    public Step step() {
        return Step.XMATCH;
    }

    @Override
    public StageResult run(StageContext context) throws StageException, InterruptedException {
        TileTask task = context.task();
        double epoch = plateEpoch(task);
        List<Detection> rows;
        try {
            rows = detections.detections(task.tile());
        } catch (IOException e) {
            throw new TransientStageException("DETECTIONS_UNREADABLE", task.tileId() + ": pass-2 detections cannot be read: "
                    + e.getMessage(), e);
        }
        Step4Result result;
        try {
            CatalogueNeighbourhood gaia = neighbourhood(Catalogue.GAIA, task);
            boolean ps1Covers = Catalogue.PS1.covers(task.decDeg());
            CatalogueNeighbourhood ps1 = ps1Covers ? neighbourhood(Catalogue.PS1, task) : null;
            String ps1Reason = ps1Covers ? null
                    : "PS1 DR2 does not cover Dec < " + Catalogue.PS1_SOUTH_LIMIT_DEG + " (tile centre Dec " + task.decDeg() + ")";
            CatalogueNeighbourhood usnob = neighbourhood(Catalogue.USNOB, task);
            result = science.run(new Step4Input(task.tileId(), task.raDeg(), task.decDeg(), epoch, rows, gaia, ps1, ps1Reason,
                    usnob, () -> {
                        try {
                            return neighbourhood(Catalogue.PS1_BRIGHT, task);
                        } catch (NeighbourhoodUnavailableException e) {
                            throw new Unavailable(e);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            throw new CancellationException("interrupted while getting the bright-star list of " + task.tileId());
                        }
                    }));
        } catch (NeighbourhoodUnavailableException e) {
            throw e.toStageException();
        } catch (Unavailable e) {
            throw e.getCause().toStageException();
        } catch (CancellationException e) {
            throw new InterruptedException(e.getMessage());
        } catch (MissingCatalogueException e) {
            throw new TransientStageException("CATALOGUE_MISSING", e.getMessage(), e);
        }
        try {
            Step4Artefacts.write(store, task.tile(), result);
        } catch (IOException e) {
            throw new TransientStageException("STORAGE", task.tileId() + ": step-4 artefacts cannot be written: "
                    + e.getMessage(), e);
        }
        Map<String, Object> metrics = new LinkedHashMap<>();
        for (String key : List.of("detections_in", "veto_start_rows", "veto_after_gaia_rows", "veto_after_ps1_rows",
                "veto_after_usnob_rows", "late_kept_hard_gates", "spikes_rejected", "hpm_objects", "survivors", "wcsfix_ok")) {
            metrics.put(key, result.counters().get(key));
        }
        return StageResult.done(metrics, Step4Records.effects(task, epoch, result));
    }

    private CatalogueNeighbourhood neighbourhood(Catalogue catalogue, TileTask task)
            throws NeighbourhoodUnavailableException, InterruptedException {
        CatalogueNeighbourhood n = neighbourhoods.neighbourhood(catalogue, task.tile(), task.raDeg(), task.decDeg());
        if (n == null) {
            throw new MissingCatalogueException(task.tileId() + ": no " + catalogue.label() + " neighbourhood");
        }
        return n;
    }

    /** Carries a neighbourhood failure out of the science's bright-star supplier, which cannot throw checked exceptions. */
    private static final class Unavailable extends RuntimeException {
        Unavailable(NeighbourhoodUnavailableException cause) {
            super(cause.getMessage(), cause);
        }

        @Override
        public synchronized NeighbourhoodUnavailableException getCause() {
            return (NeighbourhoodUnavailableException) super.getCause();
        }
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
