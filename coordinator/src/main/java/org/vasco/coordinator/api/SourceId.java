package org.vasco.coordinator.api;

import org.vasco.common.text.UntrustedText;
import org.vasco.common.tile.TileId;

/**
 * A candidate's id, {@code <tile_id>:<NUMBER>} (SPEC §9: the join key of the post-pipeline), validated before it
 * reaches SQL or a path.
 *
 * @param tile         the tile the candidate was detected on
 * @param objectNumber SExtractor's NUMBER on that tile, positive
 */
public record SourceId(TileId tile, int objectNumber) {

    public SourceId {
        if (objectNumber < 1) {
            throw new IllegalArgumentException("object number " + objectNumber + " must be positive");
        }
    }

    /**
     * Parses {@code tile_RA…_DEC…:<number>}.
     *
     * @throws ApiException 400 naming the input and the expected form
     */
    public static SourceId parse(String text) throws ApiException {
        int colon = text == null ? -1 : text.lastIndexOf(':');
        if (colon > 0 && colon < text.length() - 1 && text.length() <= 64) {
            String number = text.substring(colon + 1);
            if (number.chars().allMatch(ch -> ch >= '0' && ch <= '9') && number.length() <= 9) {
                try {
                    return new SourceId(TileId.of(text.substring(0, colon)), Integer.parseInt(number));
                } catch (IllegalArgumentException e) {
                    throw ApiException.badRequest("Invalid candidate id " + UntrustedText.quoted(text) + ": " + e.getMessage());
                }
            }
        }
        throw ApiException.badRequest("Invalid candidate id " + UntrustedText.quoted(text)
                + ": expected <tile_id>:<number>, e.g. tile_RA130.013_DECp33.081:42");
    }

    /** The id as stored in {@code candidate.src_id}. */
    public String value() {
        return tile.value() + ":" + objectNumber;
    }

    @Override
    public String toString() {
        return value();
    }
}
