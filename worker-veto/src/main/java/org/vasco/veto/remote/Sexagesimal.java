package org.vasco.veto.remote;

/** Sexagesimal positions as SkyBoT writes them ({@code "12 34 56.78"}, {@code "-01 02 03.4"}). */
public final class Sexagesimal {

    private Sexagesimal() {
    }

    /** Hours-minutes-seconds (or decimal degrees when the text is one number) to degrees. */
    public static double hoursToDeg(String text) {
        String[] parts = text.trim().split("[\\s:]+");
        return parts.length == 1 ? Double.parseDouble(parts[0]) : 15.0 * degrees(text);
    }

    /** Signed degrees-minutes-seconds (or decimal degrees) to degrees. */
    public static double degrees(String text) {
        String t = text.trim();
        String[] parts = t.split("[\\s:]+");
        if (parts.length == 1) {
            return Double.parseDouble(t);
        }
        boolean negative = t.startsWith("-");
        double value = Math.abs(Double.parseDouble(parts[0]));
        value += Double.parseDouble(parts[1]) / 60.0;
        if (parts.length > 2) {
            value += Double.parseDouble(parts[2]) / 3600.0;
        }
        return negative ? -value : value;
    }
}
