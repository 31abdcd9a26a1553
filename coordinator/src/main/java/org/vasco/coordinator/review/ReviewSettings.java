package org.vasco.coordinator.review;

import java.util.List;
import java.util.Optional;
import org.vasco.common.config.ConfigurationException;
import org.vasco.common.config.Environment;
import org.vasco.common.config.Setting;
import org.vasco.common.http.ArchiveService;
import org.vasco.common.http.ArchiveSettings;

/**
 * Settings of the review page and its endpoints. The token is a secret: {@link #toString()} never shows it and
 * nothing logs it.
 *
 * @param token        the bearer token mutating endpoints require; empty means every mutation is refused
 * @param stampArcmin  side of a candidate's image stamp on the sky, arcminutes
 * @param stampPixels  side of the stamp PNG, pixels
 * @param modernSurvey the STScI {@code dss_search} endpoint the modern-epoch cut-outs (DSS2 red) come from
 * @param pageSize     final candidates per review page
 */
public record ReviewSettings(Optional<String> token, double stampArcmin, int stampPixels, ArchiveService modernSurvey,
                             int pageSize) {

    /** Shortest token accepted: a guessable token would make the check pointless. */
    public static final int MIN_TOKEN_LENGTH = 12;

    public static final Setting<String> TOKEN = Setting.string("VASCO_REVIEW_TOKEN", null,
            "Bearer token that review verdicts must carry (a secret: never logged; unset refuses every verdict); "
                    + "at least " + MIN_TOKEN_LENGTH + " characters");
    public static final Setting<Double> STAMP_ARCMIN = Setting.decimal("VASCO_REVIEW_STAMP_ARCMIN", 1.0,
            "Side of a candidate's image stamp on the review page, arcminutes (0.2 to 10)");
    public static final Setting<Integer> STAMP_PIXELS = Setting.integer("VASCO_REVIEW_STAMP_PIXELS", 240,
            "Side of a candidate's stamp PNG, pixels (32 to 1024)");
    /** Final candidates per review page unless VASCO_REVIEW_PAGE_SIZE says otherwise. */
    public static final int DEFAULT_PAGE_SIZE = 200;
    public static final Setting<Integer> PAGE_SIZE = Setting.integer("VASCO_REVIEW_PAGE_SIZE", DEFAULT_PAGE_SIZE,
            "Final candidates per review page (1 to 1000); filters and sorting apply to the whole run before paging");

    /**
     * VASCO_REVIEW_DSS_URL, _TIMEOUT, _ATTEMPTS, _BACKOFF and _RATE: the DSS endpoint the review page takes each
     * candidate's modern-epoch (DSS2 red) cut-out from. Same service name as the download step's, so in one process
     * both share one rate limit towards STScI.
     */
    public static final ArchiveSettings<String> MODERN_DSS = ArchiveSettings.of("dss", "VASCO_REVIEW_DSS",
            "https://archive.stsci.edu/cgi-bin/dss_search",
            "STScI Digitized Sky Survey cut-out endpoint (dss_search) of the review page's modern-epoch (DSS2 red) images;"
                    + " the local cluster points it at the loopback server",
            "30s", "Timeout of one modern-epoch cut-out request (connect and reply)",
            3, "HTTP attempts per modern-epoch cut-out on 429/5xx/connection errors, including the first",
            "700ms", "Wait before the first HTTP retry of a modern-epoch cut-out; doubles each retry (a Retry-After header wins)",
            2.0, "Modern-epoch cut-out requests per second from the coordinator (STScI throttles)");
    /** User-Agent of the review page's DSS requests. */
    public static final String USER_AGENT = "VASCO-cluster/0.1 (+coordinator review dss_search)";

    public ReviewSettings {
        java.util.Objects.requireNonNull(modernSurvey, "modernSurvey");
        if (token.isPresent() && token.get().length() < MIN_TOKEN_LENGTH) {
            throw new ConfigurationException(TOKEN.name() + " is shorter than " + MIN_TOKEN_LENGTH
                    + " characters; choose a longer random token (e.g. openssl rand -hex 24)");
        }
        if (token.isPresent() && !token.get().chars().allMatch(ch -> ch > 0x20 && ch < 0x7f)) {
            throw new ConfigurationException(TOKEN.name() + " must be printable ASCII without spaces");
        }
        if (!(stampArcmin >= 0.2 && stampArcmin <= 10)) {
            throw new ConfigurationException(STAMP_ARCMIN.name() + "=" + stampArcmin + " must be within 0.2..10 arcmin");
        }
        if (stampPixels < 32 || stampPixels > 1024) {
            throw new ConfigurationException(STAMP_PIXELS.name() + "=" + stampPixels + " must be within 32..1024");
        }
        if (pageSize < 1 || pageSize > 1000) {
            throw new ConfigurationException(PAGE_SIZE.name() + "=" + pageSize + " must be within 1..1000");
        }
    }

    /** @throws ConfigurationException naming the setting when a value is malformed or out of range */
    public static ReviewSettings from(Environment env) {
        return new ReviewSettings(env.find(TOKEN).map(String::trim), env.get(STAMP_ARCMIN), env.get(STAMP_PIXELS),
                MODERN_DSS.service(env), env.get(PAGE_SIZE));
    }

    public static List<Setting<?>> all() {
        List<Setting<?>> all = new java.util.ArrayList<>(List.of(TOKEN, STAMP_ARCMIN, STAMP_PIXELS, PAGE_SIZE));
        all.addAll(MODERN_DSS.all());
        return List.copyOf(all);
    }

    @Override
    public String toString() {
        return "ReviewSettings[token=" + (token.isPresent() ? "(set)" : "(unset)") + ", stampArcmin=" + stampArcmin
                + ", stampPixels=" + stampPixels + ", modernSurvey=" + modernSurvey.baseUrl() + ", pageSize=" + pageSize + "]";
    }
}
