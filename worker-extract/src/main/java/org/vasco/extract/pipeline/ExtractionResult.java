package org.vasco.extract.pipeline;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vasco.common.detection.Detection;
import org.vasco.common.fits.Astrometry;
import org.vasco.common.fits.PsfexModel;
import org.vasco.common.summary.QualityFigure;
import org.vasco.extract.tool.ToolVersions;

/**
 * A completed extraction: the detections of pass 2 and what it took to get them.
 *
 * @param pass1Detections objects in ArtefactFile.PASS1_CATALOGUE
 * @param detections      pass-2 detections, world coordinates per {@link #astrometry}
 * @param psf             the PSFEx model summary (FWHM, stars accepted)
 * @param astrometry      where the world coordinates came from
 * @param versions        the tools' versions
 * @param pass1Time       wall time of SExtractor pass 1
 * @param psfexTime       wall time of PSFEx
 * @param pass2Time       wall time of SExtractor pass 2
 * @param totalTime       wall time of the whole extraction including checks, file handling and reading
 * @param artefacts       final paths of ArtefactFile.PASS1_CATALOGUE, ArtefactFile.PSF_MODEL and the final pass's catalogue
 * @param finalPass       pass 2 (full path; {@code pass2Time} is its time) or the position pass (fast path;
 *                        {@code pass2Time} is the position pass's time and the detections carry positions only)
 */
public record ExtractionResult(int pass1Detections, List<Detection> detections, PsfexModel psf, Astrometry astrometry,
        ToolVersions versions, Duration pass1Time, Duration psfexTime, Duration pass2Time, Duration totalTime,
        List<Path> artefacts, ExtractionPipeline.FinalPass finalPass) {

    /** run_tile.metrics key: objects in ArtefactFile.PASS1_CATALOGUE. */
    public static final String PASS1_DETECTIONS = "pass1_detections";
    /** run_tile.metrics key: objects in ArtefactFile.PASS2_CATALOGUE. */
    public static final String PASS2_DETECTIONS = "pass2_detections";
    /** run_tile.metrics key (fast path): objects in ArtefactFile.POSITIONS_CATALOGUE. */
    public static final String POSITION_DETECTIONS = "position_detections";
    /** run_tile.metrics key (fast path): wall time of the position pass. */
    public static final String POSITIONS_SECONDS = "positions_seconds";
    /** run_tile.metrics key: PSFEx model FWHM, pixels. */
    public static final String PSF_FWHM_PX = QualityFigure.PSF_FWHM_PX.key();
    /** run_tile.metrics key: stars the PSF model was built from. */
    public static final String PSF_STARS_ACCEPTED = QualityFigure.PSF_STARS_ACCEPTED.key();
    /** run_tile.metrics key: candidate stars PSFEx read. */
    public static final String PSF_STARS_LOADED = "psf_stars_loaded";
    /** run_tile.metrics key: wall time of SExtractor pass 1. */
    public static final String PASS1_SECONDS = "pass1_seconds";
    /** run_tile.metrics key: wall time of PSFEx. */
    public static final String PSFEX_SECONDS = "psfex_seconds";
    /** run_tile.metrics key: wall time of SExtractor pass 2. */
    public static final String PASS2_SECONDS = "pass2_seconds";
    /** run_tile.metrics key: sum of the three tools' wall times. */
    public static final String TOOLS_SECONDS = "tools_seconds";
    /** run_tile.metrics key: wall time of the whole extraction. */
    public static final String STEP_SECONDS = "step_seconds";
    /** run_tile.metrics key: step minus tools: checks, file handling, catalogue reading. */
    public static final String OVERHEAD_SECONDS = "overhead_seconds";
    /** run_tile.metrics key: where the world coordinates came from ({@link Astrometry}). */
    public static final String ASTROMETRY = "astrometry";
    /** run_tile.metrics key: SExtractor version (provenance). */
    public static final String SEXTRACTOR_VERSION = QualityFigure.SEXTRACTOR_VERSION.key();
    /** run_tile.metrics key: PSFEx version (provenance). */
    public static final String PSFEX_VERSION = QualityFigure.PSFEX_VERSION.key();

    public ExtractionResult {
        detections = List.copyOf(detections);
        artefacts = List.copyOf(artefacts);
        java.util.Objects.requireNonNull(finalPass, "finalPass");
    }

    /** Time spent inside the three tools. */
    public Duration toolTime() {
        return pass1Time.plus(psfexTime).plus(pass2Time);
    }

    /** The run_tile metrics of the step (SPEC §5, issue worker-extract item 5), names in snake case. */
    public Map<String, Object> metrics() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(PASS1_DETECTIONS, pass1Detections);
        boolean positions = finalPass == ExtractionPipeline.FinalPass.POSITIONS;
        m.put(positions ? POSITION_DETECTIONS : PASS2_DETECTIONS, detections.size());
        m.put(PSF_FWHM_PX, psf.fwhmPixels());
        m.put(PSF_STARS_ACCEPTED, psf.accepted());
        m.put(PSF_STARS_LOADED, psf.loaded());
        m.put(PASS1_SECONDS, seconds(pass1Time));
        m.put(PSFEX_SECONDS, seconds(psfexTime));
        m.put(positions ? POSITIONS_SECONDS : PASS2_SECONDS, seconds(pass2Time));
        m.put(TOOLS_SECONDS, seconds(toolTime()));
        m.put(STEP_SECONDS, seconds(totalTime));
        m.put(OVERHEAD_SECONDS, seconds(totalTime.minus(toolTime())));
        m.put(ASTROMETRY, astrometry.name());
        m.put(SEXTRACTOR_VERSION, versions.sextractor());
        m.put(PSFEX_VERSION, versions.psfex());
        return m;
    }

    private static double seconds(Duration d) {
        return Math.round(d.toNanos() / 1e6) / 1e3;
    }
}
