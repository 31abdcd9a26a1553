package org.vasco.common.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vasco.common.text.UntrustedText;

/**
 * A directory of recorded archive exchanges, written while recording and read while replaying
 * ({@link ArchiveRecording}). One folder per service; for each exchange {@code <key>-<n>.json} (what was asked and
 * what came back: status and headers, or the failure), {@code <key>-<n>.body} (the reply body exactly as received,
 * still gzip-encoded if it was sent so) and, when the request had a body, {@code <key>-<n>.request}.
 * <p>
 * The key is the first 16 hex digits of a SHA-256 over the service name, the method, the request's target (what
 * follows the service's base URL) and its body, a multipart body with its random boundary blanked out: the same
 * request gets the same key wherever the service was (the real archive or a loopback stand-in) and in whichever run.
 * {@code n} counts the exchanges of one request in order (retries, repeated requests). Replay serves the n-th
 * recorded exchange of a request to its n-th attempt, the last one again once they are used up, and fails with a
 * {@link MissingRecordingException} for a request the recording never saw. Bodies are checked against their
 * recorded SHA-256, so an altered recording is refused rather than replayed.
 * <p>
 * Several processes may record into one directory (claims are exclusive file creations). A replay counts the
 * attempts of each request per process: one replayed run per process and recording. Thread-safe; one instance per
 * directory and process ({@link #at}), so the counters are shared by every client of the process.
 */
final class ArchiveTape {

    private static final Logger LOG = LoggerFactory.getLogger(ArchiveTape.class);
    private static final ConcurrentMap<Path, ArchiveTape> TAPES = new ConcurrentHashMap<>();
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .setSerializationInclusion(JsonInclude.Include.NON_NULL);
    private static final Pattern BOUNDARY = Pattern.compile("boundary=\"?([^\";]+)\"?");

    private final Path directory;
    /** Per request: the next exchange number to keep (recording) and to serve (replay). */
    private final ConcurrentMap<String, AtomicInteger> kept = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, AtomicInteger> served = new ConcurrentHashMap<>();

    private ArchiveTape(Path directory) {
        this.directory = directory;
    }

    /** The process's tape of {@code directory}. */
    static ArchiveTape at(Path directory) {
        return TAPES.computeIfAbsent(directory.toAbsolutePath().normalize(), ArchiveTape::new);
    }

    Path directory() {
        return directory;
    }

    /** A transport that asks {@code network} and keeps every reply, and every failure, of {@code service}. */
    ArchiveTransport recording(String service, ArchiveTransport network) {
        return request -> {
            RawReply reply;
            try {
                reply = network.exchange(request);
            } catch (IOException e) {
                keep(service, request, null, e);
                throw e;
            }
            keep(service, request, reply, null);
            return reply;
        };
    }

    /** A transport that answers from this recording only. */
    ArchiveTransport replaying(String service) {
        return request -> play(service, request);
    }

    private void keep(String service, ArchiveRequest request, RawReply reply, IOException failure) throws RecordingException {
        String key = key(service, request);
        try {
            Path folder = Files.createDirectories(directory.resolve(folderName(service)));
            AtomicInteger counter = kept.computeIfAbsent(service + "/" + key, k -> new AtomicInteger());
            int n;
            Path meta;
            while (true) {
                n = counter.getAndIncrement();
                meta = folder.resolve(key + "-" + n + ".json");
                try {
                    Files.createFile(meta);
                    break;
                } catch (FileAlreadyExistsException taken) {
                    // an earlier run, or another process, kept this request's n-th exchange: take the next number
                }
            }
            String stem = key + "-" + n;
            String requestFile = null;
            if (request.body().length > 0) {
                requestFile = stem + ".request";
                Files.write(folder.resolve(requestFile), request.body());
            }
            RecordedExchange exchange;
            if (reply != null) {
                Files.write(folder.resolve(stem + ".body"), reply.body());
                exchange = new RecordedExchange(service, request.method(), request.uri().toString(), request.target(),
                        request.contentType(), requestFile, sha256(request.body()), reply.status(),
                        new TreeMap<>(reply.headers()), stem + ".body", (long) reply.body().length, sha256(reply.body()),
                        null, null);
            } else {
                exchange = new RecordedExchange(service, request.method(), request.uri().toString(), request.target(),
                        request.contentType(), requestFile, sha256(request.body()), failure instanceof ArchiveException ae
                        ? ae.status() : null, null, null, null, null, failureKind(failure), String.valueOf(failure.getMessage()));
            }
            Path temp = folder.resolve(stem + ".json.tmp");
            JSON.writeValue(temp.toFile(), exchange);
            Files.move(temp, meta, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new RecordingException(service, true, service + ": cannot keep the reply to " + request.describe()
                    + " in the recording " + directory + ": " + e.getMessage(), e);
        }
    }

    private RawReply play(String service, ArchiveRequest request) throws IOException {
        String key = key(service, request);
        Path folder = directory.resolve(folderName(service));
        int n = served.computeIfAbsent(service + "/" + key, k -> new AtomicInteger()).getAndIncrement();
        Path meta = folder.resolve(key + "-" + n + ".json");
        if (!Files.isRegularFile(meta)) {
            int recorded = 0;
            while (Files.isRegularFile(folder.resolve(key + "-" + recorded + ".json"))) {
                recorded++;
            }
            if (recorded == 0) {
                String message = service + ": the recording " + directory + " holds no reply to " + request.describe()
                        + " (" + request.uri() + "; exchange key " + key + "): the recorded run never made this request."
                        + " Replay with the settings and tiles of the recorded run, or record this run";
                LOG.error("Replay miss: {}", message);
                throw new MissingRecordingException(service, message);
            }
            meta = folder.resolve(key + "-" + (recorded - 1) + ".json");
        }
        RecordedExchange exchange;
        try {
            exchange = JSON.readValue(meta.toFile(), RecordedExchange.class);
        } catch (IOException e) {
            throw unusable(service, meta, "it does not read as a recorded exchange (" + e.getMessage() + ")");
        }
        if (!exchange.method().equals(request.method()) || !exchange.target().equals(request.target())) {
            throw unusable(service, meta, "it records " + UntrustedText.quoted(exchange.method() + " " + exchange.target())
                    + ", not " + request.describe());
        }
        if (exchange.failureKind() != null) {
            throw recordedFailure(service, exchange);
        }
        byte[] body;
        try {
            body = Files.readAllBytes(folder.resolve(exchange.bodyFile()));
        } catch (NoSuchFileException e) {
            throw unusable(service, meta, "its body file " + exchange.bodyFile() + " is missing");
        }
        if (!sha256(body).equals(exchange.bodySha256())) {
            throw unusable(service, meta, "its body file " + exchange.bodyFile() + " is not the one recorded (SHA-256 differs)");
        }
        return new RawReply(exchange.status(), exchange.headers(), body);
    }

    private static RecordingException unusable(String service, Path meta, String problem) {
        return new RecordingException(service, false, service + ": the recorded exchange " + meta + " cannot be replayed: "
                + problem, null);
    }

    /** The failure the recorded run saw, of the same kind, so the client treats it exactly as it did then. */
    private static IOException recordedFailure(String service, RecordedExchange exchange) {
        // The message comes out of a file: printable and bounded like any text from outside.
        String message = UntrustedText.printable(exchange.failureMessage(), UntrustedText.MESSAGE_CAP) + " (replayed)";
        return switch (exchange.failureKind()) {
            case "timeout" -> new HttpTimeoutException(message);
            case "connect" -> new ConnectException(message);
            case "refused" -> new ArchiveException(service, exchange.status() == null ? 0 : exchange.status(), false, message,
                    null);
            default -> new IOException(message);
        };
    }

    private static String failureKind(IOException e) {
        if (e instanceof ArchiveException) {
            return "refused";
        }
        return e instanceof HttpTimeoutException ? "timeout" : e instanceof ConnectException ? "connect" : "io";
    }

    /** The exchange key of a request (see the class comment). */
    static String key(String service, ArchiveRequest request) {
        byte[] body = request.body();
        if (request.contentType() != null && body.length > 0) {
            Matcher boundary = BOUNDARY.matcher(request.contentType());
            if (boundary.find()) {
                // Byte-preserving: ISO-8859-1 maps every byte to one char and back.
                body = new String(body, StandardCharsets.ISO_8859_1).replace(boundary.group(1), "BOUNDARY")
                        .getBytes(StandardCharsets.ISO_8859_1);
            }
        }
        String identity = service + "\n" + request.method() + "\n" + request.target() + "\n" + sha256(body);
        return sha256(identity.getBytes(StandardCharsets.UTF_8)).substring(0, 16);
    }

    private static String folderName(String service) {
        return service.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /**
     * One exchange as kept on disk: the request, then either the reply (status, headers, body file and its size and
     * digest) or the failure (its kind: timeout, connect, io or refused, and message).
     */
    record RecordedExchange(String service, String method, String uri, String target, String requestContentType,
                            String requestBodyFile, String requestBodySha256, Integer status, Map<String, List<String>> headers,
                            String bodyFile, Long bodyBytes, String bodySha256, String failureKind, String failureMessage) {
    }
}
