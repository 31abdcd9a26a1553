package org.vasco.local.fault;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import nom.tam.fits.BasicHDU;
import nom.tam.fits.Fits;
import org.vasco.common.fits.FitsLibrary;

/**
 * The artefacts of a run's shared storage, each checked to be whole: no temporary file of an atomic write
 * left where final files live, every FITS file (images, LDAC catalogues, PSF models) a whole number of
 * 2880-byte blocks whose every HDU reads, every gzip stream complete (its CRC checked), every CSV with as many
 * fields on each row as in its header, every JSON document parsable.
 *
 * <p>Each file is also fingerprinted: the SHA-256 of its bytes, with the header cards in which SExtractor records when
 * it ran ({@code SEXDATE}, {@code SEXTIME}, {@code SEXELAPS}) blanked, so that two runs of one sky compare equal byte for
 * byte when, and only when, they produced the same artefacts.
 *
 * @param files    the files found, relative to the storage root, sorted, each with its fingerprint
 * @param problems one line per file that is not whole, naming it and what is wrong
 */
public record ArtefactCheck(Map<String, String> files, List<String> problems) {

    /** Header cards that record when a tool ran, not what it produced: blanked before fingerprinting. */
    private static final List<byte[]> VOLATILE_CARDS = Stream.of("SEXDATE =", "SEXTIME =", "SEXELAPS=")
            .map(k -> k.getBytes(StandardCharsets.US_ASCII)).toList();
    private static final int CARD = 80;

    private static final int FITS_BLOCK = 2880;
    private static final ObjectMapper JSON = new ObjectMapper();

    static ArtefactCheck of(Path root) {
        FitsLibrary.configure();
        Map<String, String> files = new TreeMap<>();
        List<String> problems = new ArrayList<>();
        List<Path> all;
        try (Stream<Path> walk = Files.walk(root)) {
            all = walk.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            return new ArtefactCheck(Map.of(), List.of(root + " cannot be listed: " + e));
        }
        for (Path file : all) {
            String relative = root.relativize(file).toString();
            files.put(relative, fingerprint(file));
            String problem = problemOf(file);
            if (problem != null) {
                problems.add(relative + ": " + problem);
            }
        }
        return new ArtefactCheck(Map.copyOf(files), List.copyOf(problems));
    }

    /**
     * The files that are final artefacts, with their fingerprints: everything but the per-attempt scratch and tool logs,
     * and the run bundles under {@code runs/} (the coordinator writes one on its own round after the run is finalised,
     * so whether it is there yet depends on timing; RunBundlePublisherTest checks them). Their files are still checked
     * for wholeness.
     */
    public Map<String, String> finalArtefacts() {
        Map<String, String> kept = new TreeMap<>();
        files.forEach((f, digest) -> {
            if (!isScratch(f) && !f.startsWith("runs/")) {
                kept.put(f, digest);
            }
        });
        return kept;
    }

    /** SHA-256 of the file's bytes, the volatile header cards blanked; the error itself when it cannot be read. */
    static String fingerprint(Path file) {
        try {
            byte[] bytes = Files.readAllBytes(file);
            for (byte[] key : VOLATILE_CARDS) {
                for (int at = indexOf(bytes, key, 0); at >= 0; at = indexOf(bytes, key, at + CARD)) {
                    java.util.Arrays.fill(bytes, at + key.length, Math.min(bytes.length, at + CARD), (byte) ' ');
                }
            }
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (IOException | java.security.NoSuchAlgorithmException e) {
            return "unreadable: " + e;
        }
    }

    private static int indexOf(byte[] bytes, byte[] key, int from) {
        outer:
        for (int i = Math.max(0, from); i <= bytes.length - key.length; i++) {
            for (int j = 0; j < key.length; j++) {
                if (bytes[i + j] != key[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    static boolean isScratch(String relative) {
        for (String part : relative.split("/")) {
            if (part.equals("work") || part.equals("scratch") || part.equals("logs")) {
                return true;
            }
        }
        return false;
    }

    private static String problemOf(Path file) {
        String name = file.getFileName().toString();
        try {
            if (name.startsWith(".tmp-") || name.endsWith(".tmp") || name.endsWith(".part")) {
                return "a temporary file of an unfinished write";
            }
            if (name.endsWith(".gz")) {
                byte[] content;
                try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
                    content = in.readAllBytes();
                }
                return problemOfContent(name.substring(0, name.length() - 3), file, content);
            }
            return problemOfContent(name, file, null);
        } catch (IOException | RuntimeException e) {
            return e.toString();
        }
    }

    private static String problemOfContent(String name, Path file, byte[] unzipped) throws IOException {
        String lower = name.toLowerCase(java.util.Locale.ROOT);
        if (lower.endsWith(".fits") || lower.endsWith(".fit") || lower.endsWith(".ldac") || lower.endsWith(".psf")
                || lower.endsWith(".cat")) {
            return unzipped != null ? null : fitsProblem(file);
        }
        if (lower.endsWith(".csv")) {
            return csvProblem(unzipped != null ? new String(unzipped, StandardCharsets.UTF_8) : Files.readString(file));
        }
        if (lower.endsWith(".json")) {
            JSON.readTree(unzipped != null ? unzipped : Files.readAllBytes(file));
        }
        return null;
    }

    private static String fitsProblem(Path file) throws IOException {
        long size = Files.size(file);
        if (size == 0 || size % FITS_BLOCK != 0) {
            return "FITS file of " + size + " bytes, not a whole number of " + FITS_BLOCK + "-byte blocks";
        }
        try (Fits fits = new Fits(file.toFile())) {
            int hdus = 0;
            for (BasicHDU<?> hdu = fits.readHDU(); hdu != null; hdu = fits.readHDU()) {
                hdu.getKernel(); // loads the data unit too, when it was deferred
                hdus++;
            }
            return hdus == 0 ? "FITS file without an HDU" : null;
        } catch (nom.tam.fits.FitsException e) {
            return "FITS does not read: " + e.getMessage();
        }
    }

    /** Counts fields outside double quotes; a quoted field may hold commas, quotes doubled. */
    private static String csvProblem(String text) throws IOException {
        try (BufferedReader r = new BufferedReader(new java.io.StringReader(text))) {
            String header = r.readLine();
            if (header == null) {
                return "an empty CSV file (not even a header)";
            }
            int columns = fields(header);
            String line;
            int n = 1;
            while ((line = r.readLine()) != null) {
                n++;
                if (!line.isEmpty() && fields(line) != columns) {
                    return "row " + n + " has " + fields(line) + " fields, the header " + columns;
                }
            }
            return null;
        }
    }

    private static int fields(String line) {
        int count = 1;
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (ch == '"') {
                quoted = !quoted;
            } else if (ch == ',' && !quoted) {
                count++;
            }
        }
        return count;
    }
}
