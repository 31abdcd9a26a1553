package org.vasco.coordinator.bundle;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vasco.common.text.UntrustedText;

/**
 * A bundle's checksum manifest: the SHA-256 of each file, one {@code <hex>  <name>} line per file in
 * {@code sha256sum}'s format, so {@code sha256sum -c SHA256SUMS} checks a copied bundle, and a reader can tell a
 * damaged file or one from another generation of the bundle.
 *
 * @param sums file name (relative to the bundle) to lower-case hex digest, in file order
 */
public record ChecksumManifest(Map<String, String> sums) {

    public ChecksumManifest {
        sums = Collections.unmodifiableMap(new LinkedHashMap<>(sums));
    }

    /** The digests of the named files in {@code dir}. */
    public static ChecksumManifest of(Path dir, List<String> names) throws IOException {
        Map<String, String> sums = new LinkedHashMap<>();
        for (String name : names) {
            sums.put(name, sha256(dir.resolve(name)));
        }
        return new ChecksumManifest(sums);
    }

    /** Reads a manifest; every line must be {@code <64 hex>  <name>}. */
    public static ChecksumManifest read(Path file) throws IOException {
        Map<String, String> sums = new LinkedHashMap<>();
        int n = 0;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            n++;
            if (line.isBlank()) {
                continue;
            }
            if (!line.matches("[0-9a-f]{64}  [^/\\\\]+")) {
                throw new IOException(file + " line " + n + ": expected '<sha256 hex>  <file name>', found '"
                        + UntrustedText.printable(line, 120) + "'");
            }
            sums.put(line.substring(66), line.substring(0, 64));
        }
        return new ChecksumManifest(sums);
    }

    /** The manifest's text. */
    public String text() {
        StringBuilder b = new StringBuilder();
        sums.forEach((name, sum) -> b.append(sum).append("  ").append(name).append('\n'));
        return b.toString();
    }

    /**
     * Reads a file of the bundle, checking it against its digest.
     *
     * @throws IOException naming the file when it is missing from the manifest or does not match it
     */
    public byte[] readVerified(Path dir, String name) throws IOException {
        String expected = sums.get(name);
        if (expected == null) {
            throw new IOException("Bundle " + dir + ": " + name + " is not in its checksum manifest");
        }
        byte[] content = Files.readAllBytes(dir.resolve(name));
        String actual = HexFormat.of().formatHex(digest().digest(content));
        if (!actual.equals(expected)) {
            throw new IOException("Bundle " + dir + ": " + name + " does not match its SHA-256 in the checksum manifest"
                    + " (the bundle is damaged, or was being replaced while read: try again)");
        }
        return content;
    }

    static String sha256(Path file) throws IOException {
        MessageDigest digest = digest();
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
