package org.vasco.common.fits;

import java.util.logging.Level;
import java.util.logging.Logger;
import nom.tam.fits.FitsFactory;

/**
 * The one place that sets nom-tam-fits's process-global {@link FitsFactory} switches, so that no
 * reader depends on what some other code happened to set before it. Every reader in this package
 * calls {@link #configure()} first; calling it again is harmless. Thread-safe.
 *
 * <p>The switches: HIERARCH keywords are understood (DSS headers carry some), long strings
 * (CONTINUE cards) are read whole, and nom-tam's own java.util.logging warnings are limited to SEVERE.
 */
public final class FitsLibrary {

    /**
     * nom-tam-fits logs a stack trace through java.util.logging for every truncated or malformed file it
     * meets, before it throws or returns; the readers here turn those cases into one clear
     * {@link FitsFormatException}, so its own warnings are only noise in a worker's log. Held strongly
     * because java.util.logging keeps loggers weakly.
     */
    private static final Logger NOM_TAM_LOG = Logger.getLogger("nom.tam");

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
                NOM_TAM_LOG.setLevel(Level.SEVERE);
                configured = true;
            }
        }
    }
}
