package org.vasco.common.task;

import java.util.regex.Pattern;
import org.vasco.common.text.UntrustedText;

/** Run names are validated before they touch a path, SQL or a URL: letters, digits, '.', '_' and '-'. */
public final class RunId {

    public static final Pattern PATTERN = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$");

    private RunId() {
    }

    public static String validate(String runId) {
        if (runId == null || !PATTERN.matcher(runId).matches() || runId.contains("..")) {
            throw new IllegalArgumentException("Invalid run name " + UntrustedText.quoted(runId)
                    + ": use 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        return runId;
    }
}
