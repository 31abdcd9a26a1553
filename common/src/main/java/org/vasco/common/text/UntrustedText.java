package org.vasco.common.text;

import java.util.Locale;

/**
 * Text from outside the cluster — an id or name someone typed, a message body, an archive's reply, an exception
 * message quoting either — made safe to put in a log line, an error column ({@code run_tile.error_message}), a dead
 * letter or an error message: printable, on one line, and bounded. Control characters (line breaks that would forge
 * log lines, ANSI escapes that would drive the terminal of whoever runs {@code vasco status}) and the Unicode line and
 * paragraph separators are written as Java escapes (a line feed as <code>&#92;u000a</code>); text longer than its cap
 * is cut there and followed by {@code … (N characters)}, N being the untrusted text's length. This is the one place
 * that does it.
 *
 * <p>The cap is a parameter because the contexts differ by two orders of magnitude, each chosen so that what is
 * legitimate is never cut and what is hostile cannot flood:
 * <ul>
 *   <li>{@link #VALUE_CAP} (80): one value quoted inside a message ({@link #quoted}): every valid id and name is far
 *       shorter (tile ids 25 characters, run names at most 64), so only a rejected value is ever cut, and a message
 *       naming it stays one readable line;</li>
 *   <li>{@link #EXCERPT_CAP} (300): the start of a reply body an archive sent instead of what was asked
 *       ({@link #excerpt}): enough to recognise an error page, not the page;</li>
 *   <li>{@link #MESSAGE_CAP} (2,000): a whole recorded or logged error message, which may quote several values,
 *       an excerpt and a cause chain.</li>
 * </ul>
 * Stateless and thread-safe.
 */
public final class UntrustedText {

    /** Longest single value shown inside a message. */
    public static final int VALUE_CAP = 80;
    /** Longest excerpt of a reply body shown inside a message. */
    public static final int EXCERPT_CAP = 300;
    /** Longest whole message recorded or logged. */
    public static final int MESSAGE_CAP = 2000;

    private UntrustedText() {
    }

    /**
     * {@code text} on one line, printable, at most {@code cap} of its characters, then {@code … (N characters)} when
     * it was longer; "null" for null.
     *
     * @throws IllegalArgumentException when {@code cap} is not positive
     */
    public static String printable(String text, int cap) {
        if (text == null) {
            return "null";
        }
        int shown = shownLength(text, cap);
        StringBuilder b = new StringBuilder(shown + 32);
        escape(text, shown, b);
        note(text, shown, b);
        return b.toString();
    }

    /**
     * A value as it is named in a message: in single quotes, printable, at most {@link #VALUE_CAP} characters
     * ({@code 'abc…' (N characters)} when longer); "null" for null.
     */
    public static String quoted(String value) {
        if (value == null) {
            return "null";
        }
        int shown = shownLength(value, VALUE_CAP);
        StringBuilder b = new StringBuilder(shown + 32).append('\'');
        escape(value, shown, b);
        if (shown < value.length()) {
            b.append("…' (").append(value.length()).append(" characters)");
        } else {
            b.append('\'');
        }
        return b.toString();
    }

    /**
     * The start of a reply body as one line of prose: runs of white space (line breaks included) become one space,
     * then the text is made {@link #printable} with {@link #EXCERPT_CAP}.
     */
    public static String excerpt(String body) {
        return printable(body == null ? null : body.replaceAll("\\s+", " ").trim(), EXCERPT_CAP);
    }

    private static int shownLength(String text, int cap) {
        if (cap < 1) {
            throw new IllegalArgumentException("a cap of untrusted text must be positive, was " + cap);
        }
        int shown = Math.min(text.length(), cap);
        // Never cut a surrogate pair in two: half a character is not printable.
        return shown < text.length() && shown > 0 && Character.isHighSurrogate(text.charAt(shown - 1)) ? shown - 1 : shown;
    }

    private static void escape(String text, int shown, StringBuilder b) {
        for (int i = 0; i < shown; i++) {
            char ch = text.charAt(i);
            if (Character.isISOControl(ch) || ch == '\u2028' || ch == '\u2029') {
                b.append(String.format(Locale.ROOT, "\\u%04x", (int) ch));
            } else {
                b.append(ch);
            }
        }
    }

    private static void note(String text, int shown, StringBuilder b) {
        if (shown < text.length()) {
            b.append("… (").append(text.length()).append(" characters)");
        }
    }
}
