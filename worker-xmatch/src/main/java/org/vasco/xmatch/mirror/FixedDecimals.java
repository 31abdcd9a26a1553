package org.vasco.xmatch.mirror;

/**
 * Numbers printed with a fixed count of decimals, as VizieR prints its columns ({@code %.Nf}), without the cost of
 * {@link String#format} on millions of cells. A value that came from N-decimal text prints as that text again.
 * Magnitudes beyond 10^15 after scaling fall back to {@link String#format}.
 */
final class FixedDecimals {

    private static final long[] POWERS = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000,
        1_000_000_000, 10_000_000_000L, 100_000_000_000L, 1_000_000_000_000L};

    private FixedDecimals() {
    }

    static String format(double value, int decimals) {
        if (decimals < 0 || decimals >= POWERS.length) {
            throw new IllegalArgumentException("decimals must be in [0, " + (POWERS.length - 1) + "]");
        }
        double scaled = Math.abs(value) * POWERS[decimals];
        if (!(scaled < 1e15)) {
            return String.format(java.util.Locale.ROOT, "%." + decimals + "f", value);
        }
        long units = Math.round(scaled);
        // as %.Nf: the sign of the value is kept even when the digits round to zero (-0.0004 prints -0.000)
        boolean negative = Double.doubleToRawLongBits(value) < 0;
        StringBuilder b = new StringBuilder(24);
        if (negative) {
            b.append('-');
        }
        b.append(units / POWERS[decimals]);
        if (decimals > 0) {
            String fraction = Long.toString(units % POWERS[decimals]);
            b.append('.');
            for (int i = fraction.length(); i < decimals; i++) {
                b.append('0');
            }
            b.append(fraction);
        }
        return b.toString();
    }
}
