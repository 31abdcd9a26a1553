package org.vasco.common.detection;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The pass-2 columns of a {@link Detection} under their SExtractor names (SPEC §5.4), in catalogue order: the
 * layout of step 4's CSV files and of {@code candidate.measurements}, written alike by the xmatch step and by the
 * veto step when it stores the measured columns. Stateless.
 */
public final class MeasuredColumns {

    public static final List<String> NAMES = List.of("NUMBER", "FLAGS", "X_IMAGE", "Y_IMAGE", "XWIN_IMAGE", "YWIN_IMAGE",
            "ELONGATION", "FWHM_IMAGE", "XMIN_IMAGE", "XMAX_IMAGE", "YMIN_IMAGE", "YMAX_IMAGE", "X_WORLD", "Y_WORLD",
            "ALPHA_J2000", "DELTA_J2000", "ALPHAWIN_J2000", "DELTAWIN_J2000", "FLUX_AUTO", "MAG_AUTO", "CLASS_STAR",
            "ELLIPTICITY", "SPREAD_MODEL", "SPREADERR_MODEL", "SNR_WIN", "FLUX_APER");

    private static final ObjectMapper JSON = new ObjectMapper();

    private MeasuredColumns() {
    }

    public static List<Object> values(Detection d) {
        return List.of(d.number(), d.flags(), d.xImage(), d.yImage(), d.xwinImage(), d.ywinImage(), d.elongation(),
                d.fwhmImage(), d.xminImage(), d.xmaxImage(), d.yminImage(), d.ymaxImage(), d.xWorld(), d.yWorld(),
                d.alphaJ2000(), d.deltaJ2000(), d.alphawinJ2000(), d.deltawinJ2000(), d.fluxAuto(), d.magAuto(),
                d.classStar(), d.ellipticity(), d.spreadModel(), d.spreaderrModel(), d.snrWin(), d.fluxAper());
    }

    /** Name → value, non-finite numbers as null (JSON has no NaN). */
    public static Map<String, Object> asMap(Detection d) {
        Map<String, Object> m = new LinkedHashMap<>();
        List<Object> values = values(d);
        for (int k = 0; k < NAMES.size(); k++) {
            m.put(NAMES.get(k), finiteOrNull(values.get(k)));
        }
        return m;
    }

    /** The value, or null for a non-finite double. */
    public static Object finiteOrNull(Object v) {
        return v instanceof Double x && !Double.isFinite(x) ? null : v;
    }

    /**
     * A map of plain values as one JSON object, in the map's order, each non-finite double as null (JSON has no NaN):
     * how measurements, counters and details are stored in the database and the step's CSV files.
     */
    public static String json(Map<String, ?> values) {
        Map<String, Object> safe = new LinkedHashMap<>();
        values.forEach((k, v) -> safe.put(k, finiteOrNull(v)));
        try {
            return JSON.writeValueAsString(safe);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("measurements, counters and details are plain values: " + e.getMessage(), e);
        }
    }
}
