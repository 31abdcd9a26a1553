package org.vasco.common.stage;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Untrusted text in recorded and logged errors cannot break lines, drive a terminal or flood the log. */
class ErrorTextTest {

    @Test
    void controlCharactersAreShownEscapedAndLongTextIsCapped() {
        String hostile = "VizieR said: bad\n2026-11-25 INFO forged line\r\u001b[2J\u001b]0;title\u0007\u2028end";
        String printable = ErrorText.printable(hostile);
        assertThat(printable).doesNotContain("\n", "\r", "\u001b", "\u0007", "\u2028")
                .isEqualTo("VizieR said: bad\\u000a2026-11-25 INFO forged line\\u000d\\u001b[2J\\u001b]0;title\\u0007\\u2028end");
        assertThat(ErrorText.printable("plain message (cause: x)")).isEqualTo("plain message (cause: x)");
        assertThat(ErrorText.printable(null)).isEqualTo("null");
        String flood = "x".repeat(50_000);
        assertThat(ErrorText.printable(flood)).startsWith("x".repeat(ErrorText.MAX_CHARACTERS))
                .endsWith("… (50000 characters)").hasSize(ErrorText.MAX_CHARACTERS + "… (50000 characters)".length());
    }
}
