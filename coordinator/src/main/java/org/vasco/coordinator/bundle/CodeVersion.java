package org.vasco.coordinator.bundle;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The version of the build that runs, as recorded in a run bundle's provenance. */
public final class CodeVersion {

    private CodeVersion() {
    }

    /** The project version the build stamped into {@code build.properties}, or "development" when it is missing. */
    public static String current() {
        try (InputStream in = CodeVersion.class.getResourceAsStream("build.properties")) {
            if (in == null) {
                return "development";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "development");
        } catch (IOException e) {
            return "development";
        }
    }
}
