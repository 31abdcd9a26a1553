package org.vasco.xmatch.mirror;

import java.net.URI;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;

/**
 * Where a mirror lives: a local directory (a path, or a {@code file:} URI) or a prefix in an S3-compatible object
 * store ({@code s3://bucket/prefix}).
 *
 * @param directory the local directory, or null for S3
 * @param bucket    the S3 bucket, or null for a local directory
 * @param prefix    the key prefix inside the bucket without leading or trailing slash (may be empty)
 */
public record MirrorLocation(Path directory, String bucket, String prefix) {

    public MirrorLocation {
        if ((directory == null) == (bucket == null)) {
            throw new IllegalArgumentException("a mirror is either a local directory or an S3 bucket");
        }
        if (bucket != null && !bucket.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")) {
            throw new IllegalArgumentException("'" + bucket + "' is not an S3 bucket name");
        }
        prefix = prefix == null ? "" : prefix.replaceAll("^/+|/+$", "");
    }

    /**
     * Parses a setting's value: {@code s3://bucket/prefix}, {@code file:/dir} or a path.
     *
     * @throws IllegalArgumentException naming the value and the forms accepted
     */
    public static MirrorLocation parse(String text) {
        String value = Objects.requireNonNull(text, "text").trim();
        if (value.isEmpty()) {
            throw new IllegalArgumentException("an empty mirror location: expected a directory or s3://bucket/prefix");
        }
        String lower = value.toLowerCase(Locale.ROOT);
        if (lower.startsWith("s3://")) {
            String rest = value.substring("s3://".length());
            int slash = rest.indexOf('/');
            return new MirrorLocation(null, slash < 0 ? rest : rest.substring(0, slash), slash < 0 ? "" : rest.substring(slash + 1));
        }
        if (lower.startsWith("file:")) {
            return new MirrorLocation(Path.of(URI.create(value)), null, null);
        }
        if (lower.matches("[a-z][a-z0-9+.-]*://.*")) {
            throw new IllegalArgumentException("'" + value + "' is not a mirror location: expected a directory, file:/dir"
                    + " or s3://bucket/prefix");
        }
        return new MirrorLocation(Path.of(value), null, null);
    }

    public boolean isS3() {
        return bucket != null;
    }

    @Override
    public String toString() {
        return isS3() ? "s3://" + bucket + (prefix.isEmpty() ? "" : "/" + prefix) : directory.toString();
    }
}
