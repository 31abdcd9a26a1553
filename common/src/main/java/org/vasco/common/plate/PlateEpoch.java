package org.vasco.common.plate;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The plate epoch from a FITS {@code DATE-OBS}. DSS headers carry overflowed times such as
 * {@code 1953-03-11T11:77:00}; like the reference (SPEC §6.1 item 3) seconds carry into minutes and
 * minutes into hours, and the hour wraps modulo 24 without rolling the date over. That last rule is
 * the reference's and is kept for parity: the overflow comes from exposure-midpoint arithmetic on the
 * recorded start, not from a real next-day observation.
 *
 * @param original  the text as found in the header
 * @param dateTime  the normalised UTC date and time
 * @param normalised true when the text overflowed and was carried
 */
public record PlateEpoch(String original, LocalDateTime dateTime, boolean normalised) {

    private static final Pattern DATE_OBS = Pattern.compile(
            "^\\s*(\\d{4})-(\\d{2})-(\\d{2})(?:[T ](\\d{1,2}):(\\d{1,2})(?::(\\d{1,2}(?:\\.\\d*)?))?)?\\s*$");
    private static final Pattern OLD_STYLE = Pattern.compile("^\\s*(\\d{2})/(\\d{2})/(\\d{2})\\s*$");

    /**
     * Parses a DATE-OBS value.
     *
     * @throws IllegalArgumentException naming the value when it is not a date
     */
    public static PlateEpoch parse(String dateObs) {
        if (dateObs == null) {
            throw new IllegalArgumentException("DATE-OBS is missing");
        }
        Matcher old = OLD_STYLE.matcher(dateObs);
        if (old.matches()) {
            // Pre-1999 FITS form DD/MM/YY; all POSS-I plates are 19xx.
            LocalDate d = LocalDate.of(1900 + Integer.parseInt(old.group(3)), Integer.parseInt(old.group(2)),
                    Integer.parseInt(old.group(1)));
            return new PlateEpoch(dateObs, d.atStartOfDay(), false);
        }
        Matcher m = DATE_OBS.matcher(dateObs);
        if (!m.matches()) {
            throw new IllegalArgumentException("DATE-OBS '" + dateObs + "' is not a date (expected YYYY-MM-DD[Thh:mm:ss])");
        }
        LocalDate date;
        try {
            date = LocalDate.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
        } catch (java.time.DateTimeException e) {
            throw new IllegalArgumentException("DATE-OBS '" + dateObs + "' has an impossible date: " + e.getMessage(), e);
        }
        if (m.group(4) == null) {
            return new PlateEpoch(dateObs, date.atStartOfDay(), false);
        }
        int hours = Integer.parseInt(m.group(4));
        int minutes = Integer.parseInt(m.group(5));
        double seconds = m.group(6) == null ? 0 : Double.parseDouble(m.group(6));
        boolean overflow = hours > 23 || minutes > 59 || seconds >= 60;
        long totalNanos = Math.round(seconds * 1e9);
        long wholeSeconds = totalNanos / 1_000_000_000L;
        int nanos = (int) (totalNanos % 1_000_000_000L);
        minutes += (int) (wholeSeconds / 60);
        int secs = (int) (wholeSeconds % 60);
        hours += minutes / 60;
        minutes %= 60;
        hours %= 24;
        return new PlateEpoch(dateObs, date.atTime(hours, minutes, secs, nanos), overflow);
    }

    /** Julian year-style decimal year used for proper-motion propagation (days since year start / year length). */
    public double decimalYear() {
        int year = dateTime.getYear();
        LocalDateTime start = LocalDate.of(year, 1, 1).atStartOfDay();
        LocalDateTime next = LocalDate.of(year + 1, 1, 1).atStartOfDay();
        double elapsed = java.time.Duration.between(start, dateTime).toNanos();
        double length = java.time.Duration.between(start, next).toNanos();
        return year + elapsed / length;
    }

    /** Modified Julian Date (UTC treated as the time scale, as the reference does). */
    public double mjd() {
        long epochSecond = dateTime.toEpochSecond(ZoneOffset.UTC);
        double seconds = epochSecond + dateTime.getNano() / 1e9;
        return seconds / 86400.0 + 40587.0;
    }

    /** Julian Date. */
    public double jd() {
        return mjd() + 2400000.5;
    }

    /** ISO-8601 text of the normalised time. */
    public String isoText() {
        return dateTime.toString();
    }
}
