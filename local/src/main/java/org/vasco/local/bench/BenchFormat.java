package org.vasco.local.bench;

import java.time.Duration;
import java.util.Locale;

/** Number formatting shared by the bench outputs: seconds with millisecond digits, plain numbers, percentages. */
final class BenchFormat {

    private BenchFormat() {
    }

    static String seconds(Duration d) {
        return seconds(d.toNanos() / 1e9);
    }

    static String seconds(double s) {
        return String.format(Locale.ROOT, "%.3f", s);
    }

    static String number(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%.2f", v);
    }

    static String percent(double fraction) {
        return String.format(Locale.ROOT, "%.1f", 100 * fraction);
    }
}
