package org.vasco.extract;

import java.nio.file.Path;

/** Opens {@link TestImages} to the tests of other packages (the CLI's). */
public final class TestImagesAccess {

    private TestImagesAccess() {
    }

    public static void field(Path file) throws Exception {
        TestImages.field(file, 160, 30, 0, 21);
    }

    public static void nebula(Path file) throws Exception {
        TestImages.nebula(file, 128);
    }
}
