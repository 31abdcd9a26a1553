package org.vasco.extract;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import nom.tam.fits.BasicHDU;
import nom.tam.fits.Fits;
import nom.tam.fits.Header;
import org.vasco.common.fits.FitsLibrary;
import org.vasco.common.sky.TanProjection;

/**
 * Small 16-bit FITS images for the extraction tests, rendered here with nom-tam-fits: Gaussian
 * stars (FWHM 3 px) and a few exponential-disc galaxies on a flat background with Gaussian noise,
 * and a TAN WCS with a CD matrix at 1.7″/px. Deterministic for a given seed.
 */
public final class TestImages {

    public static final double BACKGROUND = 1000;
    public static final double NOISE = 5;
    public static final double STAR_SIGMA = 3.0 / 2.3548;
    public static final double SCALE_DEG = 1.7 / 3600;
    public static final double RA0 = 150.0;
    public static final double DEC0 = 30.0;

    /** A rendered source with its true pixel position (FITS 1-based) and total flux. */
    public record Source(double x, double y, double flux, boolean galaxy) {
        /** True sky position from the image's TAN CD solution. */
        public double[] sky(int size) {
            double crpix = size / 2.0;
            double xi = -SCALE_DEG * (x - crpix);
            double eta = SCALE_DEG * (y - crpix);
            return new TanProjection(RA0, DEC0).deproject(xi, eta);
        }
    }

    public record Rendered(Path file, int size, List<Source> sources) {
    }

    private TestImages() {
    }

    /** A field of {@code stars} stars and {@code galaxies} galaxies on a {@code size}×{@code size} image, CD WCS header. */
    public static Rendered field(Path file, int size, int stars, int galaxies, long seed) throws IOException {
        return field(file, size, stars, galaxies, seed, false);
    }

    /**
     * The same field; with {@code dssOnly} the header carries, instead of the CD WCS, only a DSS plate
     * polynomial that is linear and equivalent to it (same tangent point and scale), as older cut-outs do.
     */
    public static Rendered field(Path file, int size, int stars, int galaxies, long seed, boolean dssOnly) throws IOException {
        Random random = new Random(seed);
        List<Source> sources = new ArrayList<>();
        List<double[]> placed = new ArrayList<>();
        while (sources.size() < stars + galaxies) {
            double x = 15 + random.nextDouble() * (size - 30);
            double y = 15 + random.nextDouble() * (size - 30);
            if (placed.stream().anyMatch(p -> Math.hypot(p[0] - x, p[1] - y) < 14)) {
                continue;
            }
            placed.add(new double[] {x, y});
            boolean galaxy = sources.size() >= stars;
            double flux = galaxy ? 60000 + random.nextDouble() * 40000 : Math.pow(10, 3.3 + random.nextDouble() * 1.3);
            sources.add(new Source(x, y, flux, galaxy));
        }
        double[][] image = new double[size][size];
        for (Source s : sources) {
            render(image, s);
        }
        write(file, noisy(image, random), dssOnly ? dssHeader(size) : wcsHeader(size));
        return new Rendered(file, size, List.copyOf(sources));
    }

    /** A bright smooth nebula filling a small cut-out: no point source at 5σ with a 64-px background mesh. */
    public static Path nebula(Path file, int size) throws IOException {
        double[][] image = new double[size][size];
        for (int j = 0; j < size; j++) {
            for (int i = 0; i < size; i++) {
                double r2 = Math.pow(i - size / 2.0, 2) + Math.pow(j - size / 2.0, 2);
                image[j][i] = 20000 * Math.exp(-r2 / (2 * Math.pow(size / 3.0, 2)));
            }
        }
        write(file, noisy(image, new Random(7)), wcsHeader(size));
        return file;
    }

    /** A valid FITS file whose only HDU has no data (NAXIS = 0). */
    public static Path withoutImage(Path file) throws IOException {
        StringBuilder header = new StringBuilder();
        for (String card : List.of("SIMPLE  =                    T", "BITPIX  =                    8",
                "NAXIS   =                    0", "END")) {
            header.append(String.format("%-80s", card));
        }
        while (header.length() % 2880 != 0) {
            header.append(' ');
        }
        Files.writeString(file, header, StandardCharsets.US_ASCII);
        return file;
    }

    /** A FITS image cut short in its data (a truncated download). */
    public static Path truncated(Path source, Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(source);
        Files.write(file, java.util.Arrays.copyOf(bytes, 2880 + 1000));
        return file;
    }

    private static void render(double[][] image, Source s) {
        int size = image.length;
        int radius = s.galaxy() ? 20 : 8;
        int cx = (int) Math.round(s.x()) - 1;
        int cy = (int) Math.round(s.y()) - 1;
        double galaxyScale = 3.0;
        double norm = s.galaxy() ? s.flux() / (2 * Math.PI * galaxyScale * galaxyScale)
                : s.flux() / (2 * Math.PI * STAR_SIGMA * STAR_SIGMA);
        for (int j = Math.max(0, cy - radius); j <= Math.min(size - 1, cy + radius); j++) {
            for (int i = Math.max(0, cx - radius); i <= Math.min(size - 1, cx + radius); i++) {
                // Pixel (i, j) 0-based has its centre at FITS (i + 1, j + 1).
                double dx = i + 1 - s.x();
                double dy = j + 1 - s.y();
                double r2 = dx * dx + dy * dy;
                image[j][i] += s.galaxy() ? norm * Math.exp(-Math.sqrt(r2) / galaxyScale)
                        : norm * Math.exp(-r2 / (2 * STAR_SIGMA * STAR_SIGMA));
            }
        }
    }

    private static short[][] noisy(double[][] image, Random random) {
        int size = image.length;
        short[][] data = new short[size][size];
        for (int j = 0; j < size; j++) {
            for (int i = 0; i < size; i++) {
                double v = BACKGROUND + image[j][i] + NOISE * random.nextGaussian();
                long counts = Math.max(0, Math.min(65535, Math.round(v)));
                data[j][i] = (short) (counts - 32768);
            }
        }
        return data;
    }

    private static Header wcsHeader(int size) {
        Header h = new Header();
        h.addValue("CTYPE1", "RA---TAN", "");
        h.addValue("CTYPE2", "DEC--TAN", "");
        h.addValue("CRPIX1", size / 2.0, "");
        h.addValue("CRPIX2", size / 2.0, "");
        h.addValue("CRVAL1", RA0, "");
        h.addValue("CRVAL2", DEC0, "");
        h.addValue("CD1_1", -SCALE_DEG, "");
        h.addValue("CD1_2", 0.0, "");
        h.addValue("CD2_1", 0.0, "");
        h.addValue("CD2_2", SCALE_DEG, "");
        return h;
    }

    /**
     * A DSS plate solution equivalent to {@link #wcsHeader}: plate centre at (RA0, DEC0) = 10h00m00s +30°00′00″,
     * 25 µm pixels, the image's reference pixel on the plate centre (PPO3/PPO6 with CNPIX1/2), and only the
     * linear terms, AMDX1 = AMDY1 = 1.7″/px ÷ 0.025 mm/px = 68″/mm.
     */
    private static Header dssHeader(int size) {
        double crpix = size / 2.0;
        double cnpix1 = 1000;
        double cnpix2 = 2000;
        double pixelMicron = 25.0;
        Header h = new Header();
        h.addValue("PLTRAH", 10, "");
        h.addValue("PLTRAM", 0, "");
        h.addValue("PLTRAS", 0.0, "");
        h.addValue("PLTDECSN", "+", "");
        h.addValue("PLTDECD", 30, "");
        h.addValue("PLTDECM", 0, "");
        h.addValue("PLTDECS", 0.0, "");
        h.addValue("CNPIX1", cnpix1, "");
        h.addValue("CNPIX2", cnpix2, "");
        h.addValue("XPIXELSZ", pixelMicron, "");
        h.addValue("YPIXELSZ", pixelMicron, "");
        h.addValue("PPO3", (crpix + cnpix1 - 0.5) * pixelMicron, "");
        h.addValue("PPO6", (crpix + cnpix2 - 0.5) * pixelMicron, "");
        double arcsecPerMm = SCALE_DEG * 3600 / (pixelMicron / 1000);
        for (int i = 1; i <= 20; i++) {
            h.addValue("AMDX" + i, i == 1 ? arcsecPerMm : 0.0, "");
            h.addValue("AMDY" + i, i == 1 ? arcsecPerMm : 0.0, "");
        }
        return h;
    }

    private static void write(Path file, short[][] data, Header extra) throws IOException {
        FitsLibrary.configure();
        try (Fits fits = new Fits()) {
            BasicHDU<?> hdu = Fits.makeHDU(data);
            Header h = hdu.getHeader();
            h.addValue("BZERO", 32768.0, "unsigned 16-bit counts");
            h.addValue("BSCALE", 1.0, "");
            var cursor = extra.iterator();
            while (cursor.hasNext()) {
                h.addLine(cursor.next());
            }
            fits.addHDU(hdu);
            fits.write(file.toFile());
        }
    }
}
