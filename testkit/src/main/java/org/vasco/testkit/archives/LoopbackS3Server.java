package org.vasco.testkit.archives;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * A loopback S3-compatible object store serving one local directory as one public bucket, with the parts of the S3
 * REST API an anonymous reader uses (path-style): {@code GET /<bucket>/<key>} with {@code Range: bytes=<from>-}
 * (206 and {@code Content-Range}, 416 beyond the end), 404 with S3's {@code NoSuchKey} XML for a missing key, and
 * {@code GET /<bucket>?list-type=2&prefix=…&delimiter=/} ({@code ListObjectsV2}: {@code Contents}/{@code Key} and
 * {@code CommonPrefixes}/{@code Prefix}, one page). {@link #cutNextObjectAfter} breaks the next object transfer
 * after some bytes, as a dropped connection does. Thread-safe; close to stop.
 */
public final class LoopbackS3Server implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService handlers = Executors.newFixedThreadPool(4, r -> {
        Thread t = new Thread(r, "loopback-s3");
        t.setDaemon(true);
        return t;
    });
    private final Path root;
    private final String bucket;
    private final AtomicInteger objectRequests = new AtomicInteger();
    private final AtomicInteger rangeRequests = new AtomicInteger();
    private final AtomicLong cutAfter = new AtomicLong(-1);

    private LoopbackS3Server(Path root, String bucket) throws IOException {
        this.root = root.toAbsolutePath().normalize();
        this.bucket = bucket;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(handlers);
        server.start();
    }

    /** Serves {@code root} as bucket {@code bucket} on 127.0.0.1 and a free port. */
    public static LoopbackS3Server start(Path root, String bucket) {
        try {
            return new LoopbackS3Server(root, bucket);
        } catch (IOException e) {
            throw new IllegalStateException("cannot open a loopback port for the S3 stand-in", e);
        }
    }

    /** The endpoint, {@code http://127.0.0.1:<port>}. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Object GETs so far. */
    public int objectRequests() {
        return objectRequests.get();
    }

    /** Object GETs that asked for a range. */
    public int rangeRequests() {
        return rangeRequests.get();
    }

    /** The next object transfer stops after {@code bytes} bytes, announcing the whole length (a dropped connection). */
    public void cutNextObjectAfter(long bytes) {
        cutAfter.set(bytes);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getRawPath();
            String expected = "/" + bucket;
            if (!path.equals(expected) && !path.startsWith(expected + "/")) {
                send(exchange, 404, error("NoSuchBucket", path));
                return;
            }
            String key = path.length() <= expected.length() + 1 ? "" : decode(path.substring(expected.length() + 1));
            if (key.isEmpty()) {
                Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
                if (!"2".equals(query.get("list-type"))) {
                    send(exchange, 400, error("InvalidArgument", "only ListObjectsV2 (list-type=2) is served"));
                    return;
                }
                send(exchange, 200, list(query.getOrDefault("prefix", ""), query.get("delimiter")));
                return;
            }
            object(exchange, key);
        }
    }

    private void object(HttpExchange exchange, String key) throws IOException {
        objectRequests.incrementAndGet();
        Path file = root.resolve(key).normalize();
        if (!file.startsWith(root) || !Files.isRegularFile(file)) {
            send(exchange, 404, error("NoSuchKey", key));
            return;
        }
        byte[] all = Files.readAllBytes(file);
        int from = 0;
        String range = exchange.getRequestHeaders().getFirst("Range");
        if (range != null) {
            rangeRequests.incrementAndGet();
            if (!range.matches("bytes=\\d+-")) {
                send(exchange, 400, error("InvalidArgument", "only bytes=<from>- ranges are served"));
                return;
            }
            from = Integer.parseInt(range.substring(6, range.length() - 1));
            if (from >= all.length) {
                exchange.getResponseHeaders().set("Content-Range", "bytes */" + all.length);
                send(exchange, 416, error("InvalidRange", key));
                return;
            }
            exchange.getResponseHeaders().set("Content-Range", "bytes " + from + "-" + (all.length - 1) + "/" + all.length);
        }
        exchange.getResponseHeaders().set("Content-Type", "application/octet-stream");
        exchange.sendResponseHeaders(range != null ? 206 : 200, all.length - from);
        long cut = cutAfter.getAndSet(-1);
        OutputStream out = exchange.getResponseBody();
        if (cut >= 0 && cut < all.length - from) {
            out.write(all, from, (int) cut);
            out.flush();
            throw new IOException("transfer cut after " + cut + " bytes (stand-in fault)");
        }
        out.write(all, from, all.length - from);
        out.close();
    }

    private byte[] list(String prefix, String delimiter) throws IOException {
        List<String> keys = new ArrayList<>();
        TreeSet<String> prefixes = new TreeSet<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                String key = root.relativize(f).toString().replace(f.getFileSystem().getSeparator(), "/");
                if (!key.startsWith(prefix)) {
                    continue;
                }
                int cut = delimiter == null ? -1 : key.indexOf(delimiter, prefix.length());
                if (cut >= 0) {
                    prefixes.add(key.substring(0, cut + delimiter.length()));
                } else {
                    keys.add(key);
                }
            }
        }
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<ListBucketResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Name>").append(bucket)
                .append("</Name><Prefix>").append(escape(prefix)).append("</Prefix><KeyCount>").append(keys.size() + prefixes.size())
                .append("</KeyCount><IsTruncated>false</IsTruncated>");
        for (String k : keys) {
            xml.append("<Contents><Key>").append(escape(k)).append("</Key><Size>")
                    .append(Files.size(root.resolve(k))).append("</Size></Contents>");
        }
        for (String p : prefixes) {
            xml.append("<CommonPrefixes><Prefix>").append(escape(p)).append("</Prefix></CommonPrefixes>");
        }
        return xml.append("</ListBucketResult>").toString().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] error(String code, String detail) {
        return ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>" + code + "</Code><Message>" + escape(detail)
                + "</Message></Error>").getBytes(StandardCharsets.UTF_8);
    }

    private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/xml");
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> q = new HashMap<>();
        if (raw == null) {
            return q;
        }
        for (String part : raw.split("&")) {
            int eq = part.indexOf('=');
            q.put(decode(eq < 0 ? part : part.substring(0, eq)), eq < 0 ? "" : decode(part.substring(eq + 1)));
        }
        return q;
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    @Override
    public void close() {
        server.stop(0);
        handlers.shutdownNow();
    }
}
