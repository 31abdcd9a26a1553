package org.vasco.xmatch.mirror;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vasco.common.text.UntrustedText;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * A mirror in an S3-compatible object store, read anonymously (public buckets such as STScI's {@code stpubdata})
 * with path-style requests: {@code GET <endpoint>/<bucket>/<key>} for a file and {@code ListObjectsV2} with a
 * delimiter for a directory. A file is fetched whole, once, into the local cache (a pixel file of a level-5 mirror
 * is a few MB and the neighbouring tiles of a plate need it again); an interrupted fetch resumes with a
 * {@code Range} request. The cache keeps at most its size, deleting the least recently used files.
 * Errors that may pass (timeouts, 5xx) are tried three times, then fail as {@code UNREACHABLE}.
 */
final class S3MirrorFiles implements MirrorFiles {

    private static final Logger LOG = LoggerFactory.getLogger(S3MirrorFiles.class);
    private static final int ATTEMPTS = 3;

    private final MirrorLocation location;
    private final URI endpoint;
    private final Duration timeout;
    private final Path cache;
    private final long cacheBytes;
    private final HttpClient http;
    private final ConcurrentHashMap<String, Object> fetching = new ConcurrentHashMap<>();

    S3MirrorFiles(MirrorLocation location, MirrorSettings settings) {
        this.location = location;
        String e = settings.s3Endpoint().toString();
        this.endpoint = URI.create(e.endsWith("/") ? e.substring(0, e.length() - 1) : e);
        this.timeout = settings.s3Timeout();
        this.cache = settings.cacheDirectory().resolve(location.bucket()).resolve(location.prefix().isEmpty() ? "_" : location.prefix());
        this.cacheBytes = settings.cacheBytes();
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NORMAL).build();
    }

    @Override
    public Optional<Path> file(String relativePath) throws MirrorException {
        Path local = cache.resolve(relativePath).normalize();
        if (!local.startsWith(cache)) {
            throw new IllegalArgumentException(relativePath + " is outside the mirror");
        }
        synchronized (fetching.computeIfAbsent(relativePath, k -> new Object())) {
            if (Files.isRegularFile(local)) {
                touch(local);
                return Optional.of(local);
            }
            for (int attempt = 1; ; attempt++) {
                try {
                    boolean found = download(key(relativePath), local);
                    if (found) {
                        evictBeyondLimit(local);
                    }
                    return found ? Optional.of(local) : Optional.empty();
                } catch (IOException e) {
                    // a transfer that broke off: the part kept so far is resumed with a Range request
                    if (attempt >= ATTEMPTS) {
                        throw new MirrorException(MirrorException.Problem.UNREACHABLE, "fetching " + relativePath + " of "
                                + location + " into " + cache + " failed " + attempt + " times, last: " + e, e);
                    }
                    LOG.info("Fetching {} from {} broke off ({}); resuming", relativePath, location, e.toString());
                }
            }
        }
    }

    @Override
    public List<String> list(String relativeDirectory) throws MirrorException {
        String dirPrefix = relativeDirectory.isEmpty() ? (location.prefix().isEmpty() ? "" : location.prefix() + "/")
                : key(relativeDirectory.endsWith("/") ? relativeDirectory : relativeDirectory + "/");
        List<String> names = new ArrayList<>();
        String token = null;
        do {
            StringBuilder query = new StringBuilder("list-type=2&delimiter=%2F&prefix=").append(encode(dirPrefix));
            if (token != null) {
                query.append("&continuation-token=").append(encode(token));
            }
            HttpResponse<byte[]> reply = send(URI.create(endpoint + "/" + location.bucket() + "?" + query), null,
                    HttpResponse.BodyHandlers.ofByteArray());
            if (reply.statusCode() == 404) {
                return List.of();
            }
            requireOk(reply.statusCode(), new String(reply.body(), StandardCharsets.UTF_8), "list " + dirPrefix);
            Document doc = xml(reply.body(), dirPrefix);
            NodeList contents = doc.getElementsByTagName("Contents");
            for (int i = 0; i < contents.getLength(); i++) {
                names.add(childText((Element) contents.item(i), "Key").substring(dirPrefix.length()));
            }
            NodeList prefixes = doc.getElementsByTagName("CommonPrefixes");
            for (int i = 0; i < prefixes.getLength(); i++) {
                String p = childText((Element) prefixes.item(i), "Prefix").substring(dirPrefix.length());
                names.add(p.endsWith("/") ? p.substring(0, p.length() - 1) : p);
            }
            token = "true".equals(text(doc, "IsTruncated")) ? text(doc, "NextContinuationToken") : null;
        } while (token != null && !token.isEmpty());
        names.removeIf(String::isEmpty);
        names.sort(null);
        return names;
    }

    @Override
    public String describe() {
        return location + " (via " + endpoint + ")";
    }

    private boolean download(String key, Path local) throws MirrorException, IOException {
        Path part = local.resolveSibling(local.getFileName() + ".part");
        Files.createDirectories(local.getParent());
        long have = Files.isRegularFile(part) ? Files.size(part) : 0;
        HttpResponse<InputStream> reply = send(objectUri(key), have > 0 ? "bytes=" + have + "-" : null,
                HttpResponse.BodyHandlers.ofInputStream());
        if (reply.statusCode() == 416) {
            // the part is already as long as the object, or longer: start again
            reply.body().close();
            Files.deleteIfExists(part);
            reply = send(objectUri(key), null, HttpResponse.BodyHandlers.ofInputStream());
            have = 0;
        }
        try (InputStream in = reply.body()) {
            if (reply.statusCode() == 404) {
                return false;
            }
            if (reply.statusCode() != 200 && reply.statusCode() != 206) {
                requireOk(reply.statusCode(), new String(in.readNBytes(4096), StandardCharsets.UTF_8), "get " + key);
            }
            boolean append = reply.statusCode() == 206 && have > 0;
            try (OutputStream out = Files.newOutputStream(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING)) {
                in.transferTo(out);
            }
            Files.move(part, local, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            LOG.debug("Fetched {} from {} ({} bytes{})", key, location, Files.size(local), append ? ", resumed" : "");
            return true;
        }
    }

    private <T> HttpResponse<T> send(URI uri, String range, HttpResponse.BodyHandler<T> body) throws MirrorException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout).GET().header("User-Agent", "vasco-mirror");
        if (range != null) {
            request.header("Range", range);
        }
        Exception last = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try {
                HttpResponse<T> reply = http.send(request.build(), body);
                if (reply.statusCode() < 500) {
                    return reply;
                }
                if (reply.body() instanceof AutoCloseable closeable) {
                    closeable.close();
                }
                last = new IOException("HTTP " + reply.statusCode());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new MirrorException(MirrorException.Problem.UNREACHABLE, "interrupted while asking " + uri, e);
            } catch (Exception e) {
                last = e;
            }
            if (attempt < ATTEMPTS) {
                try {
                    Thread.sleep(250L << attempt);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new MirrorException(MirrorException.Problem.UNREACHABLE, "interrupted while asking " + uri, e);
                }
            }
        }
        throw new MirrorException(MirrorException.Problem.UNREACHABLE, uri + " failed " + ATTEMPTS + " times, last: " + last, last);
    }

    private void requireOk(int status, String body, String what) throws MirrorException {
        if (status != 200 && status != 206) {
            throw new MirrorException(MirrorException.Problem.NOT_A_MIRROR, describe() + " refused to " + what + ": HTTP " + status
                    + " " + UntrustedText.excerpt(body) + (status == 403 ? " (the bucket must allow anonymous reads)" : ""));
        }
    }

    private URI objectUri(String key) {
        StringBuilder path = new StringBuilder(endpoint.toString()).append('/').append(location.bucket());
        for (String part : key.split("/")) {
            path.append('/').append(encode(part).replace("+", "%20"));
        }
        return URI.create(path.toString());
    }

    private String key(String relative) {
        return location.prefix().isEmpty() ? relative : location.prefix() + "/" + relative;
    }

    private void touch(Path file) {
        try {
            Files.setLastModifiedTime(file, FileTime.from(Instant.now()));
        } catch (IOException e) {
            LOG.debug("cannot touch {}: {}", file, e.toString());
        }
    }

    /** Deletes the least recently used cached files until the cache fits its size again (never {@code keep}). */
    private void evictBeyondLimit(Path keep) {
        try (Stream<Path> files = Files.walk(cache)) {
            List<Path> all = files.filter(Files::isRegularFile).filter(p -> !p.toString().endsWith(".part")).toList();
            long total = 0;
            for (Path p : all) {
                total += Files.size(p);
            }
            if (total <= cacheBytes) {
                return;
            }
            List<Path> oldestFirst = new ArrayList<>(all);
            oldestFirst.sort(Comparator.comparing(p -> {
                try {
                    return Files.getLastModifiedTime(p);
                } catch (IOException e) {
                    return FileTime.fromMillis(0);
                }
            }));
            for (Path p : oldestFirst) {
                if (total <= cacheBytes) {
                    break;
                }
                if (!p.equals(keep)) {
                    long size = Files.size(p);
                    Files.deleteIfExists(p);
                    total -= size;
                }
            }
        } catch (IOException e) {
            LOG.warn("Could not trim the mirror cache {}: {}", cache, e.toString());
        }
    }

    private static Document xml(byte[] body, String what) throws MirrorException {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setExpandEntityReferences(false);
            return factory.newDocumentBuilder().parse(new ByteArrayInputStream(body));
        } catch (Exception e) {
            throw new MirrorException(MirrorException.Problem.NOT_A_MIRROR, "the listing of " + what + " is not S3 XML: "
                    + UntrustedText.excerpt(new String(body, StandardCharsets.UTF_8)), e);
        }
    }

    private static String text(Document doc, String tag) {
        NodeList nodes = doc.getElementsByTagName(tag);
        return nodes.getLength() == 0 ? null : nodes.item(0).getTextContent();
    }

    private static String childText(Element parent, String tag) {
        NodeList nodes = parent.getElementsByTagName(tag);
        return nodes.getLength() == 0 ? "" : nodes.item(0).getTextContent();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
