package org.vasco.extract;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vasco.common.detection.Detection;
import org.vasco.common.fits.PsfexModel;

/**
 * A completed extraction: the detections of pass 2 and what it took to get them.
 *
 * @param pass1Detections objects in pass1.ldac
 * @param detections      pass-2 detections, world coordinates per {@link #astrometry}
 * @param psf             the PSFEx model summary (FWHM, stars accepted)
 * @param astrometry      where the world coordinates came from
 * @param versions        the tools' versions
 * @param pass1Time       wall time of SExtractor pass 1
 * @param psfexTime       wall time of PSFEx
 * @param pass2Time       wall time of SExtractor pass 2
 * @param totalTime       wall time of the whole extraction including checks, file handling and reading
 * @param artefacts       final paths of pass1.ldac, pass1.psf, pass2.ldac
 */
public record ExtractionResult(int pass1Detections, List<Detection> detections, PsfexModel psf, Astrometry astrometry,
        ToolVersions versions, Duration pass1Time, Duration psfexTime, Duration pass2Time, Duration totalTime,
        List<Path> artefacts) {

    public ExtractionResult {
        detections = List.copyOf(detections);
        artefacts = List.copyOf(artefacts);
    }

    /** Time spent inside the three tools. */
    public Duration toolTime() {
        return pass1Time.plus(psfexTime).plus(pass2Time);
    }

    /** The run_tile metrics of the step (SPEC §5, issue worker-extract item 5), names in snake case. */
    public Map<String, Object> metrics() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("pass1_detections", pass1Detections);
        m.put("pass2_detections", detections.size());
        m.put("psf_fwhm_px", psf.fwhmPixels());
        m.put("psf_stars_accepted", psf.accepted());
        m.put("psf_stars_loaded", psf.loaded());
        m.put("pass1_seconds", seconds(pass1Time));
        m.put("psfex_seconds", seconds(psfexTime));
        m.put("pass2_seconds", seconds(pass2Time));
        m.put("tools_seconds", seconds(toolTime()));
        m.put("step_seconds", seconds(totalTime));
        m.put("overhead_seconds", seconds(totalTime.minus(toolTime())));
        m.put("astrometry", astrometry.name());
        m.put("sextractor_version", versions.sextractor());
        m.put("psfex_version", versions.psfex());
        return m;
    }

    private static double seconds(Duration d) {
        return Math.round(d.toNanos() / 1e6) / 1e3;
    }
}
