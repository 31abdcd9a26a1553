package org.vasco.common.fits;

import nom.tam.fits.FitsFactory;

/**
 * The one place that sets nom-tam-fits's process-global {@link FitsFactory} switches, so that no
 * reader depends on what some other code happened to set before it. Every reader in this package
 * calls {@link #configure()} first; calling it again is harmless. Thread-safe.
 *
 * <p>The switches: HIERARCH keywords are understood (DSS headers carry some) and long strings
 * (CONTINUE cards) are read whole.
 */
public final class FitsLibrary {

    private static volatile boolean configured;

    private FitsLibrary() {
    }

    /** Applies the project's nom-tam-fits settings once per process. */
    public static void configure() {
        if (configured) {
            return;
        }
        synchronized (FitsLibrary.class) {
            if (!configured) {
                FitsFactory.setUseHierarch(true);
                FitsFactory.setLongStringsEnabled(true);
                configured = true;
            }
        }
    }
}
