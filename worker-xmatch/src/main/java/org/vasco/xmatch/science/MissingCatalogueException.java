package org.vasco.xmatch.science;

/**
 * A veto catalogue that step 4 needs is absent. The reference skipped such a stage and still marked
 * the tile ok, which let unvetoed detections through (SPEC §12 #12); here the step cannot proceed.
 */
public final class MissingCatalogueException extends RuntimeException {

    public MissingCatalogueException(String message) {
        super(message);
    }
}
