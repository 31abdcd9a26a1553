package org.vasco.local;

import java.util.Locale;
import java.util.Objects;
import nom.tam.fits.Header;
import org.vasco.common.fits.FitsImage;
import org.vasco.common.plate.PlateEpoch;
import org.vasco.common.sky.PlateAstrometry;
import org.vasco.common.sky.SkyPosition;
import org.vasco.common.tile.TileId;

/**
 * What step 4 needs to know about a local FITS tile besides its detections: its centre, the tile id
 * derived from it (for the source ids) and the plate epoch.
 *
 * @param tileId       {@link TileId#fromCentre} of the centre
 * @param centreRaDeg  the tile centre
 * @param centreDecDeg the tile centre
 * @param epoch        the plate epoch from DATE-OBS (or DATE-AVG), SPEC §6.1 item 3
 */
record LocalTile(TileId tileId, double centreRaDeg, double centreDecDeg, PlateEpoch epoch) {

    LocalTile {
        Objects.requireNonNull(tileId, "tileId");
        Objects.requireNonNull(epoch, "epoch");
    }

    /**
     * Reads the tile from its image header.
     *
     * @param centre {@code RA,DEC} in degrees given by the user, or null for the image centre under the
     *               header's astrometric solution (the CD-matrix WCS, else the DSS plate polynomial)
     * @throws ProcessInputException when the centre is malformed, the header has no usable astrometry
     *                               (and no centre was given) or no parsable DATE-OBS/DATE-AVG
     */
    static LocalTile of(FitsImage image, String centre) throws ProcessInputException {
        SkyPosition c = centre != null ? parseCentre(centre) : imageCentre(image);
        return new LocalTile(TileId.fromCentre(c.raDeg(), c.decDeg()), c.raDeg(), c.decDeg(), epoch(image));
    }

    private static SkyPosition parseCentre(String text) throws ProcessInputException {
        String[] parts = text.split(",");
        if (parts.length == 2) {
            try {
                double ra = Double.parseDouble(parts[0].trim());
                double dec = Double.parseDouble(parts[1].trim());
                if (ra >= 0 && ra < 360 && dec >= -90 && dec <= 90) {
                    return new SkyPosition(ra, dec);
                }
            } catch (NumberFormatException e) {
                // reported below with the expected form
            }
        }
        throw new ProcessInputException("--centre '" + text + "' is not RA,DEC in degrees (0 <= RA < 360, -90 <= Dec <= 90),"
                + " e.g. --centre 130.013,33.081");
    }

    private static SkyPosition imageCentre(FitsImage image) throws ProcessInputException {
        try {
            PlateAstrometry astrometry = PlateAstrometry.of(image.header(), image.file().toString(), PlateAstrometry.Solution.AUTO);
            // FITS pixels are 1-based with the first pixel centred on 1: the middle is (N + 1) / 2.
            return astrometry.pixelToSky((image.width() + 1) / 2.0, (image.height() + 1) / 2.0);
        } catch (IllegalArgumentException e) {
            throw new ProcessInputException(e.getMessage() + "; give the tile centre with --centre RA,DEC", e);
        }
    }

    private static PlateEpoch epoch(FitsImage image) throws ProcessInputException {
        Header header = image.header();
        String key = header.containsKey("DATE-OBS") ? "DATE-OBS" : "DATE-AVG";
        String value = header.getStringValue(key);
        if (value == null || value.isBlank()) {
            throw new ProcessInputException(image.file() + " has no DATE-OBS (or DATE-AVG) in its header: step 4 needs the "
                    + "plate epoch to move Gaia and USNO-B to it");
        }
        try {
            return PlateEpoch.parse(value);
        } catch (IllegalArgumentException e) {
            throw new ProcessInputException(String.format(Locale.ROOT, "%s: %s '%s' is not a date: %s", image.file(), key,
                    value, e.getMessage()), e);
        }
    }
}
