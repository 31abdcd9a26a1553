package org.vasco.veto.stages;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vasco.common.http.ArchiveException;
import org.vasco.common.sky.SkyGeometry;
import org.vasco.veto.remote.SkybotClient;

/**
 * S2: known solar-system objects at the plate epoch (SPEC §9.5). One cone search per field (plate × 80′
 * bucket); a candidate with an object within the veto radius is rejected, one within the wide radius is
 * kept and flagged. An empty field ("No solar system object was found") keeps everyone.
 * <p>
 * Fix over the reference: the cone is widened when a field member lies closer than the wide radius to the
 * cone's edge, so no member is ever left outside the searched area (the reference's fixed 60′ cone around a
 * median could leave corner members of a crowded bucket unchecked).
 * <p>
 * The epoch asked for is the profile's ({@link Epoch}): the reference asks at DATE-OBS, the exposure's start; an
 * asteroid's image on the plate is a trail centred where it was at mid-exposure, which the corrected profile asks for.
 */
public final class SkybotStage implements VetoStage {

    public static final String NAME = "S2_SKYBOT";

    /** Which moment of the exposure SkyBoT is asked about. */
    public enum Epoch {
        /** DATE-OBS, the exposure's start (the reference, SPEC §9.5). */
        EXPOSURE_START("date_obs"),
        /** DATE-OBS plus half the plate's exposure time: where a trail's centre, and its detection, lie. */
        MID_EXPOSURE("mid_exposure");

        private final String label;

        Epoch(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        double jd(Candidate c) {
            return this == EXPOSURE_START ? c.epochJd() : c.midExposureJd();
        }
    }

    private final SkybotClient skybot;
    private final double radiusArcsec;
    private final double wideArcsec;
    private final double coneArcsec;
    private final Epoch epoch;

    /** A stage asking at DATE-OBS, as the reference. */
    public SkybotStage(SkybotClient skybot, double radiusArcsec, double wideArcsec, double coneArcsec) {
        this(skybot, radiusArcsec, wideArcsec, coneArcsec, Epoch.EXPOSURE_START);
    }

    public SkybotStage(SkybotClient skybot, double radiusArcsec, double wideArcsec, double coneArcsec, Epoch epoch) {
        this.skybot = skybot;
        this.radiusArcsec = radiusArcsec;
        this.wideArcsec = wideArcsec;
        this.coneArcsec = coneArcsec;
        this.epoch = java.util.Objects.requireNonNull(epoch, "epoch");
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, Object> parameters() {
        return Map.of("radius_arcsec", radiusArcsec, "wide_arcsec", wideArcsec, "cone_arcsec", coneArcsec,
                "field_arcmin", 80, "observer", "500", "epoch", epoch.label());
    }

    @Override
    public List<CandidateVerdict> judge(List<Candidate> batch) throws VetoStageException, InterruptedException {
        for (Candidate c : batch) {
            if (!Double.isFinite(c.epochJd())) {
                throw new VetoStageException(NAME, false, "candidate " + c.srcId() + " on plate " + c.plateId()
                        + " has no plate epoch; SkyBoT needs the date of the exposure", null);
            }
        }
        List<CandidateVerdict> verdicts = new ArrayList<>(batch.size());
        for (SkybotField field : SkybotField.of(batch, epoch::jd)) {
            double cone = Math.max(coneArcsec, Math.ceil(field.extentArcsec() + wideArcsec));
            List<SkybotClient.SolarSystemObject> objects;
            try {
                objects = skybot.cone(field.jd(), field.raDeg(), field.decDeg(), cone);
            } catch (IOException e) {
                throw new VetoStageException(NAME, !(e instanceof ArchiveException ae) || ae.isRetriable(),
                        "SkyBoT field of plate " + field.plateId() + " at (" + field.raDeg() + ", " + field.decDeg()
                                + ") failed: " + e.getMessage(), e);
            }
            for (Candidate c : field.members()) {
                verdicts.add(verdict(c, objects, field.jd()));
            }
        }
        return verdicts;
    }

    private CandidateVerdict verdict(Candidate c, List<SkybotClient.SolarSystemObject> objects, double jd) {
        double best = Double.POSITIVE_INFINITY;
        String bestName = null;
        int withinWide = 0;
        for (SkybotClient.SolarSystemObject o : objects) {
            double sep = SkyGeometry.separationArcsec(c.raDeg(), c.decDeg(), o.raDeg(), o.decDeg());
            if (sep <= wideArcsec) {
                withinWide++;
            }
            if (sep < best) {
                best = sep;
                bestName = o.name();
            }
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("epoch_used", jd);
        details.put("matched_count", withinWide);
        if (bestName != null && best <= wideArcsec) {
            details.put("best_sep_arcsec", best);
            details.put("object", bestName);
        }
        if (best <= radiusArcsec) {
            return CandidateVerdict.reject(c.srcId(), "skybot_match", details);
        }
        if (best <= wideArcsec) {
            return CandidateVerdict.flag(c.srcId(), "skybot_wide_match", details);
        }
        return CandidateVerdict.keep(c.srcId(), details);
    }
}
