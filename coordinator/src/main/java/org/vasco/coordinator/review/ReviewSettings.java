package org.vasco.coordinator.review;

import java.util.List;
import java.util.Optional;
import org.vasco.common.config.ConfigurationException;
import org.vasco.common.config.Environment;
import org.vasco.common.config.Setting;

/**
 * Settings of the review page and its endpoints. The token is a secret: {@link #toString()} never shows it and
 * nothing logs it.
 *
 * @param token        the bearer token mutating endpoints require; empty means every mutation is refused
 * @param stampArcmin  side of a candidate's image stamp on the sky, arcminutes
 * @param stampPixels  side of the stamp PNG, pixels
 */
public record ReviewSettings(Optional<String> token, double stampArcmin, int stampPixels) {

    /** Shortest token accepted: a guessable token would make the check pointless. */
    public static final int MIN_TOKEN_LENGTH = 12;

    public static final Setting<String> TOKEN = Setting.string("VASCO_REVIEW_TOKEN", null,
            "Bearer token that review verdicts must carry (a secret: never logged; unset refuses every verdict); "
                    + "at least " + MIN_TOKEN_LENGTH + " characters");
    public static final Setting<Double> STAMP_ARCMIN = Setting.decimal("VASCO_REVIEW_STAMP_ARCMIN", 1.0,
            "Side of a candidate's image stamp on the review page, arcminutes (0.2 to 10)");
    public static final Setting<Integer> STAMP_PIXELS = Setting.integer("VASCO_REVIEW_STAMP_PIXELS", 240,
            "Side of a candidate's stamp PNG, pixels (32 to 1024)");

    public ReviewSettings {
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
    }

    /** @throws ConfigurationException naming the setting when a value is malformed or out of range */
    public static ReviewSettings from(Environment env) {
        return new ReviewSettings(env.find(TOKEN).map(String::trim), env.get(STAMP_ARCMIN), env.get(STAMP_PIXELS));
    }

    public static List<Setting<?>> all() {
        return List.of(TOKEN, STAMP_ARCMIN, STAMP_PIXELS);
    }

    @Override
    public String toString() {
        return "ReviewSettings[token=" + (token.isPresent() ? "(set)" : "(unset)") + ", stampArcmin=" + stampArcmin
                + ", stampPixels=" + stampPixels + "]";
    }
}
