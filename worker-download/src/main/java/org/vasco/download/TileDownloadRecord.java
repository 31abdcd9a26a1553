package org.vasco.download;

import java.time.LocalDateTime;
import java.util.Map;
import java.util.Objects;
import org.vasco.common.tile.TileId;

/**
 * One row of the header registry ({@code tile_download}): what was downloaded for a tile and what its
 * header says. Optional header facts are null when the header lacks them.
 *
 * @param fitsPath          the FITS file, relative to the storage root ({@code tiles/<tile_id>/raw/…fits})
 * @param region            the actual plate ({@code REGION}); the archive picks it, so it can differ from the plan's plate
 * @param dateObsRaw        {@code DATE-OBS} as written in the header
 * @param dateObs           normalised (overflowed times such as {@code T11:77:00} carried, SPEC §6.1 item 3)
 * @param mjdObs            {@code MJD-OBS} from the header, else computed from the normalised DATE-OBS
 * @param epochYear         the plate epoch as a decimal year
 * @param pixelScaleArcsec  measured from the header's CD matrix (or CDELT / plate scale), never a constant
 * @param astrometry        which solutions the header carries: cd, cdelt, dss, cd+dss, cdelt+dss
 * @param wcsOffsetsJson    CD vs DSS polynomial offsets at centre and corners (JSON), or null when not measured
 * @param selectedHeader    the SPEC §3.3 keys with their values (null when absent)
 */
public record TileDownloadRecord(TileId tileId, String fitsPath, String sha256, long bytes, String region, String survey,
                                 String plateCode, String plateLabel, String dateObsRaw, LocalDateTime dateObs,
                                 Double mjdObs, Double epochYear, Double pixelScaleArcsec, Integer naxis1, Integer naxis2,
                                 String astrometry, String wcsOffsetsJson, Map<String, String> selectedHeader) {

    public TileDownloadRecord {
        Objects.requireNonNull(tileId, "tileId");
        Objects.requireNonNull(fitsPath, "fitsPath");
        Objects.requireNonNull(sha256, "sha256");
        Objects.requireNonNull(selectedHeader, "selectedHeader");
        if (!sha256.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("sha256 must be 64 lower-case hex digits, was '" + sha256 + "'");
        }
        if (bytes <= 0) {
            throw new IllegalArgumentException("A downloaded FITS file has bytes, was " + bytes);
        }
        selectedHeader = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(selectedHeader));
    }
}
