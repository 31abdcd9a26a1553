package org.vasco.common.storage;

/**
 * The areas under {@code tiles/<tile_id>/} in the shared storage, one per step family that writes there. Steps
 * reach an area only through {@link TileArtefacts}, so the directory names live here and nowhere else.
 */
public enum TileArea {

    /** The download step's cut-out ({@link TileArtefacts#rawImage()}) and the replies it rejected. */
    RAW("raw"),
    /** The extract and measure steps' catalogues and PSF model, with the tools' logs and scratch directories. */
    EXTRACT("extract"),
    /** The xmatch step's lists, pairs and summary (the reference's step-4 files). */
    XMATCH("xmatch"),
    /** The review page's modern-epoch cut-outs around the tile's candidates ({@link TileArtefacts#modernImage}). */
    MODERN("modern-epoch");

    private final String directoryName;

    TileArea(String directoryName) {
        this.directoryName = directoryName;
    }

    /** The area's directory under the tile's directory. */
    public String directoryName() {
        return directoryName;
    }
}
