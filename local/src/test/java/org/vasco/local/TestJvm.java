package org.vasco.local;

import java.io.File;
import java.nio.file.Path;

/**
 * How a test starts a class of this distribution in a child JVM: the test JVM's own java binary and class path
 * (surefire's real one, not its manifest-only booter jar), so every child reuses what the build already made.
 */
public final class TestJvm {

    private TestJvm() {
    }

    /** The java binary of this JVM. */
    public static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** The class path of this test JVM. */
    public static String classPath() {
        String surefire = System.getProperty("surefire.test.class.path");
        String cp = surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
        return String.join(File.pathSeparator, cp.split(File.pathSeparator));
    }
}
