package org.vasco.common.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Untrusted text in logs, recorded errors, dead letters and messages cannot break lines, drive a terminal or flood. */
class UntrustedTextTest {

    private static final String HOSTILE = "VizieR said: bad\n2026-11-25 INFO forged line\r\u001b[2J\u001b]0;title\u0007\u2028end";
    private static final String ESCAPED =
            "VizieR said: bad\\u000a2026-11-25 INFO forged line\\u000d\\u001b[2J\\u001b]0;title\\u0007\\u2028end";

    @Test
    void controlCharactersAreShownEscapedAndLongTextIsCapped() {
        assertThat(UntrustedText.printable(HOSTILE, UntrustedText.MESSAGE_CAP))
                .doesNotContain("\n", "\r", "\u001b", "\u0007", "\u2028").isEqualTo(ESCAPED);
        assertThat(UntrustedText.printable("plain message (cause: x)", UntrustedText.MESSAGE_CAP))
                .isEqualTo("plain message (cause: x)");
        assertThat(UntrustedText.printable(null, UntrustedText.MESSAGE_CAP)).isEqualTo("null");
        String flood = "x".repeat(50_000);
        assertThat(UntrustedText.printable(flood, UntrustedText.MESSAGE_CAP)).startsWith("x".repeat(UntrustedText.MESSAGE_CAP))
                .endsWith("… (50000 characters)").hasSize(UntrustedText.MESSAGE_CAP + "… (50000 characters)".length());
    }

    @Test
    void aQuotedValueIsEscapedQuotedAndCutAtTheValueCap() {
        assertThat(UntrustedText.quoted("tile_RA1.000_DECp1.000\nINFO forged"))
                .isEqualTo("'tile_RA1.000_DECp1.000\\u000aINFO forged'");
        assertThat(UntrustedText.quoted("r".repeat(200))).isEqualTo("'" + "r".repeat(UntrustedText.VALUE_CAP) + "…' (200 characters)");
        assertThat(UntrustedText.quoted(null)).isEqualTo("null");
    }

    @Test
    void anExcerptIsOneLineOfProse() {
        assertThat(UntrustedText.excerpt("<html>\n  <body>\tNo image\r\n</body>\u001b[2J")).isEqualTo("<html> <body> No image </body>\\u001b[2J");
        assertThat(UntrustedText.excerpt("a b ".repeat(100))).hasSize(UntrustedText.EXCERPT_CAP + "… (399 characters)".length());
    }

    @Test
    void aCutNeverSplitsACharacter() {
        String emoji = "\uD83D\uDE00";
        String text = "x".repeat(79) + emoji;
        assertThat(UntrustedText.quoted(text)).isEqualTo("'" + "x".repeat(79) + "…' (81 characters)");
    }
}
