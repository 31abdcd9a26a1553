package org.vasco.common.stage;

/**
 * Error text as it is recorded (run_tile.error_message, dead letters) and logged. Failures often quote what an
 * archive or a message said, which is untrusted: control characters (line breaks that would forge log lines, ANSI
 * escapes that would drive the terminal of whoever runs {@code vasco status}) are shown escaped, and the text is
 * capped so one reply cannot flood the log or the database.
 */
public final class ErrorText {

    /** Longest text kept; the rest is summarised by its length. */
    public static final int MAX_CHARACTERS = 2000;

    private ErrorText() {
    }

    /** {@code text} on one line, printable, at most {@link #MAX_CHARACTERS} characters plus a note; "null" for null. */
    public static String printable(String text) {
        if (text == null) {
            return "null";
        }
        int shown = Math.min(text.length(), MAX_CHARACTERS);
        StringBuilder b = new StringBuilder(shown + 32);
        for (int i = 0; i < shown; i++) {
            char ch = text.charAt(i);
            if (Character.isISOControl(ch) || ch == '\u2028' || ch == '\u2029') {
                b.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) ch));
            } else {
                b.append(ch);
            }
        }
        if (text.length() > shown) {
            b.append("… (").append(text.length()).append(" characters)");
        }
        return b.toString();
    }
}
