package org.vasco.testkit.archives;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A loopback stand-in for STScI's Digitized Sky Survey cut-out service,
 * {@code GET /cgi-bin/dss_search?v=poss1_red&r=…&d=…&e=J2000&h=60.00&w=60.00&f=fits&c=none&fov=NONE&v3=}
 * (SPEC §3.1; parameters as documented at {@code https://stdatu.stsci.edu/dss/script_usage.html}).
 * It validates the query as the service would (HTTP 400 with an HTML page for a missing or garbled
 * parameter), and answers with the FITS cut-out rendered by a {@link CutoutSource} for the requested survey
 * (on the synthetic sky, {@code poss2ukstu_red} is its modern epoch), its {@code SURVEY} card set to the survey's
 * plate series.
 *
 * <p>On demand it misbehaves like the real archive and the network in front of it
 * ({@link #misbehave(Misbehaviour, int)}): the next requests get an HTML page with status 200, a 429
 * with {@code Retry-After}, a 503, a reply held past the client's timeout, a truncated or empty body,
 * another survey's plate, a header without astrometry, or a gzip body. Every request is recorded with
 * its arrival time ({@link #requests()}), so tests can check the rate a client keeps.
 *
 * <p>Deviations from the real service, all outside what the cluster sends: only {@code e=J2000},
 * {@code f=fits} and square cut-outs ({@code h == w}) are served; other values get a 400 saying so.
 *
 * <p>Thread-safe: requests are served concurrently, and misbehaviours may be set while it serves.
 * Start with {@link #start(CutoutSource)}, stop with {@link #close()}.
 */
public final class LoopbackDssServer implements AutoCloseable {

    /** The path of the real service. */
    public static final String PATH = "/cgi-bin/dss_search";

    private static final Logger LOG = LoggerFactory.getLogger(LoopbackDssServer.class);
    private static final int BLOCK = 2880;
    private static final int CARD = 80;
    private static final double MAX_SIZE_ARCMIN = 60.0;

    /** The {@code v} values of the real service and the SURVEY label of the plates each one serves. */
    private static final Map<String, String> SURVEYS = Map.of(
            "poss1_red", "POSSI-E",
            "poss1_blue", "POSSI-O",
            "poss2ukstu_red", "POSSII-F",
            "poss2ukstu_blue", "POSSII-J",
            "poss2ukstu_ir", "POSSII-N",
            "quickv", "QuickV");
    /** Keywords removed by {@link Misbehaviour#NO_ASTROMETRY}: both the CD/CDELT WCS and the DSS polynomial. */
    private static final Set<String> ASTROMETRY_PREFIXES = Set.of("CRVAL", "CRPIX", "CTYPE", "CD1_", "CD2_", "CDELT",
            "PC1_", "PC2_", "CROTA", "AMDX", "AMDY", "PLTRA", "PLTDEC", "PPO");

    private final CutoutSource source;
    private final HttpServer server;
    private final ExecutorService executor;
    private final CountDownLatch closing = new CountDownLatch(1);
    private final Deque<PendingMisbehaviour> misbehaviours = new ArrayDeque<>();
    private final List<RecordedRequest> requests = new ArrayList<>();
    private final List<PositionMisbehaviour> positionMisbehaviours = new ArrayList<>();
    private final List<PositionReply> positionReplies = new ArrayList<>();
    private volatile int retryAfterSeconds = 1;
    private Misbehaviour outage;
    private Instant outageUntil = Instant.MIN;
    private volatile Duration slowDelay = Duration.ofSeconds(30);

    private LoopbackDssServer(CutoutSource source) throws IOException {
        this.source = Objects.requireNonNull(source, "source");
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        this.executor = Executors.newFixedThreadPool(16, r -> {
            Thread t = new Thread(r, "loopback-dss");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext(PATH, this::handle);
    }

    /** Starts a server on a free loopback port. */
    public static LoopbackDssServer start(CutoutSource source) {
        try {
            LoopbackDssServer s = new LoopbackDssServer(source);
            s.server.start();
            LOG.info("Loopback DSS server at {}", s.baseUrl());
            return s;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the loopback DSS server: " + e.getMessage(), e);
        }
    }

    /** The URL to configure as the DSS base URL, e.g. {@code http://127.0.0.1:41234/cgi-bin/dss_search}. */
    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + PATH);
    }

    /** The next {@code times} requests (after any misbehaviours already queued) misbehave this way. */
    public synchronized LoopbackDssServer misbehave(Misbehaviour misbehaviour, int times) {
        Objects.requireNonNull(misbehaviour, "misbehaviour");
        if (times < 1) {
            throw new IllegalArgumentException("times must be at least 1, was " + times);
        }
        misbehaviours.addLast(new PendingMisbehaviour(misbehaviour, times));
        return this;
    }

    /**
     * Every request for this centre (within 1e-4°, i.e. whatever the client's rounding) misbehaves this way,
     * like the positions the real archive never serves (SPEC §3.2: plate XE884's six tiles get an HTML page).
     * Takes precedence over the queue of {@link #misbehave}.
     */
    public synchronized LoopbackDssServer misbehaveAt(double raDeg, double decDeg, Misbehaviour misbehaviour) {
        positionMisbehaviours.add(new PositionMisbehaviour(raDeg, decDeg, Objects.requireNonNull(misbehaviour, "misbehaviour")));
        return this;
    }

    /**
     * Every request from now until {@code length} has passed misbehaves this way (an archive down or throttling
     * for a while, e.g. 429 for a minute). Takes precedence over the queue of {@link #misbehave}.
     */
    public synchronized LoopbackDssServer outage(Misbehaviour misbehaviour, Duration length) {
        this.outage = Objects.requireNonNull(misbehaviour, "misbehaviour");
        this.outageUntil = Instant.now().plus(length);
        return this;
    }

    /**
     * Every request for this centre (within 1e-4°) is answered with exactly this reply, whatever it holds: how a
     * hostile body (an HTML or JSON page, a cut or lying FITS file) reaches a client through the real HTTP stack.
     * Takes precedence over every misbehaviour.
     */
    public synchronized LoopbackDssServer replyAt(double raDeg, double decDeg, ScriptedReply reply) {
        positionReplies.add(new PositionReply(raDeg, decDeg, Objects.requireNonNull(reply, "reply")));
        return this;
    }

    /** Forgets all misbehaviours, outages and scripted replies: from now on every request is served properly. */
    public synchronized void behave() {
        misbehaviours.clear();
        positionMisbehaviours.clear();
        positionReplies.clear();
        outageUntil = Instant.MIN;
    }

    /** The {@code Retry-After} value (seconds) sent with 429 replies; default 1. */
    public LoopbackDssServer retryAfterSeconds(int seconds) {
        if (seconds < 0) {
            throw new IllegalArgumentException("Retry-After must not be negative: " + seconds);
        }
        this.retryAfterSeconds = seconds;
        return this;
    }

    /** How long a {@link Misbehaviour#SLOW} reply is held back; default 30 s. */
    public LoopbackDssServer slowDelay(Duration delay) {
        this.slowDelay = Objects.requireNonNull(delay, "delay");
        return this;
    }

    /** Every request so far, in arrival order. */
    public synchronized List<RecordedRequest> requests() {
        return List.copyOf(requests);
    }

    public synchronized int requestCount() {
        return requests.size();
    }

    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        long arrivedNanos = System.nanoTime();
        Instant arrivedAt = Instant.now();
        try (exchange) {
            Map<String, String> params = parseQuery(exchange.getRequestURI().getRawQuery());
            Misbehaviour misbehaviour = null;
            int status;
            try {
                if (!"GET".equals(exchange.getRequestMethod())) {
                    status = sendHtml(exchange, 405, "Method not allowed", "Only GET is served.");
                } else {
                    CutoutQuery query = CutoutQuery.parse(params);
                    ScriptedReply scripted = scriptedReply(query);
                    if (scripted != null) {
                        status = send(exchange, scripted.status(), scripted.contentType(), scripted.body());
                    } else {
                        misbehaviour = nextMisbehaviour(query);
                        status = serve(exchange, query, misbehaviour);
                    }
                }
            } catch (BadQuery e) {
                status = sendHtml(exchange, 400, "Bad request", e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                status = 0;
            } catch (RuntimeException e) {
                LOG.warn("Loopback DSS server failed on {}", exchange.getRequestURI(), e);
                status = sendHtml(exchange, 500, "Internal error", String.valueOf(e.getMessage()));
            }
            record(new RecordedRequest(arrivedNanos, arrivedAt, params,
                    exchange.getRequestHeaders().getFirst("User-Agent"), status, misbehaviour));
        }
    }

    private int serve(HttpExchange exchange, CutoutQuery query, Misbehaviour misbehaviour)
            throws IOException, InterruptedException {
        if (misbehaviour != null) {
            switch (misbehaviour) {
                case HTML_200:
                    return sendHtml(exchange, 200, "No image", "Could not extract an image for " + query.describe()
                            + ": the requested position is not covered by the selected survey.");
                case TOO_MANY_REQUESTS:
                    exchange.getResponseHeaders().set("Retry-After", Integer.toString(retryAfterSeconds));
                    return sendHtml(exchange, 429, "Too many requests", "Slow down.");
                case SERVICE_UNAVAILABLE:
                    return sendHtml(exchange, 503, "Service unavailable", "The DSS server is busy; try again later.");
                case SLOW:
                    if (closing.await(slowDelay.toMillis(), TimeUnit.MILLISECONDS)) {
                        return 0;
                    }
                    break;
                case EMPTY_BODY:
                    return send(exchange, 200, "image/x-fits", new byte[0]);
                default:
                    break;
            }
        }
        byte[] fits = FitsCards.withSurvey(source.cutout(query.survey(), query.raDeg(), query.decDeg(), query.sizeArcmin()),
                SURVEYS.get(query.survey()));
        if (misbehaviour == Misbehaviour.NON_POSS_SURVEY) {
            fits = FitsCards.withSurvey(fits, "SERC-ER");
        } else if (misbehaviour == Misbehaviour.NO_ASTROMETRY) {
            fits = FitsCards.withoutKeywords(fits, ASTROMETRY_PREFIXES);
        } else if (misbehaviour == Misbehaviour.TRUNCATED) {
            int blocks = Math.max(1, fits.length / BLOCK / 2);
            fits = java.util.Arrays.copyOf(fits, Math.min(fits.length - 1, blocks * BLOCK));
        }
        if (misbehaviour == Misbehaviour.GZIP_BODY || query.gzip()) {
            return send(exchange, 200, "application/x-gzip", gzip(fits));
        }
        exchange.getResponseHeaders().set("Content-Disposition", "attachment; filename=\"dss_search.fits\"");
        return send(exchange, 200, "image/x-fits", fits);
    }

    private synchronized ScriptedReply scriptedReply(CutoutQuery query) {
        for (PositionReply p : positionReplies) {
            if (samePosition(p.raDeg(), p.decDeg(), query)) {
                return p.reply();
            }
        }
        return null;
    }

    private static boolean samePosition(double raDeg, double decDeg, CutoutQuery query) {
        double dRa = Math.abs(raDeg - query.raDeg());
        return Math.min(dRa, 360 - dRa) < 1e-4 && Math.abs(decDeg - query.decDeg()) < 1e-4;
    }

    private synchronized Misbehaviour nextMisbehaviour(CutoutQuery query) {
        for (PositionMisbehaviour p : positionMisbehaviours) {
            if (samePosition(p.raDeg(), p.decDeg(), query)) {
                return p.misbehaviour();
            }
        }
        if (Instant.now().isBefore(outageUntil)) {
            return outage;
        }
        PendingMisbehaviour head = misbehaviours.peekFirst();
        if (head == null) {
            return null;
        }
        head.remaining--;
        if (head.remaining == 0) {
            misbehaviours.removeFirst();
        }
        return head.misbehaviour;
    }

    private synchronized void record(RecordedRequest request) {
        requests.add(request);
    }

    private static int sendHtml(HttpExchange exchange, int status, String title, String message) throws IOException {
        String html = "<!DOCTYPE HTML PUBLIC \"-//W3C//DTD HTML 4.01 Transitional//EN\">\n<html><head><title>" + title
                + "</title></head>\n<body><h1>" + title + "</h1>\n<p>" + escape(message) + "</p>\n"
                + "<hr><address>Digitized Sky Survey (loopback)</address></body></html>\n";
        return send(exchange, status, "text/html; charset=UTF-8", html.getBytes(StandardCharsets.UTF_8));
    }

    private static int send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
        return status;
    }

    private static byte[] gzip(byte[] body) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(body.length / 2 + 64);
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(body);
        }
        return bytes.toByteArray();
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static Map<String, String> parseQuery(String raw) {
        Map<String, String> params = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return params;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            params.put(key, value);
        }
        return params;
    }

    /**
     * One request as the server saw it.
     *
     * @param arrivedNanos  {@link System#nanoTime()} at arrival, for measuring intervals
     * @param arrivedAt     wall-clock arrival time, for logs
     * @param parameters    the decoded query parameters, in request order
     * @param userAgent     the User-Agent header, or null
     * @param status        the HTTP status answered (0 when the server closed before answering)
     * @param misbehaviour  the misbehaviour applied, or null for a proper reply
     */
    public record RecordedRequest(long arrivedNanos, Instant arrivedAt, Map<String, String> parameters, String userAgent,
                                  int status, Misbehaviour misbehaviour) {
    }

    private record PositionMisbehaviour(double raDeg, double decDeg, Misbehaviour misbehaviour) {
    }

    private record PositionReply(double raDeg, double decDeg, ScriptedReply reply) {
    }

    private static final class PendingMisbehaviour {
        final Misbehaviour misbehaviour;
        int remaining;

        PendingMisbehaviour(Misbehaviour misbehaviour, int remaining) {
            this.misbehaviour = misbehaviour;
            this.remaining = remaining;
        }
    }

    private static final class BadQuery extends RuntimeException {
        BadQuery(String message) {
            super(message);
        }
    }

    /** A validated {@code dss_search} query. */
    private record CutoutQuery(String survey, double raDeg, double decDeg, double sizeArcmin, boolean gzip) {

        static CutoutQuery parse(Map<String, String> p) {
            String survey = required(p, "v").toLowerCase(Locale.ROOT);
            if (!SURVEYS.containsKey(survey)) {
                throw new BadQuery("Unknown survey v=" + survey + "; expected one of " + SURVEYS.keySet());
            }
            double ra = angle(required(p, "r"), "r", true);
            double dec = angle(required(p, "d"), "d", false);
            if (!(ra >= 0 && ra < 360)) {
                throw new BadQuery("RA r=" + p.get("r") + " is outside [0, 360)");
            }
            if (!(dec >= -90 && dec <= 90)) {
                throw new BadQuery("Dec d=" + p.get("d") + " is outside [-90, 90]");
            }
            String equinox = p.getOrDefault("e", "J2000");
            if (!equinox.equalsIgnoreCase("J2000")) {
                throw new BadQuery("Equinox e=" + equinox + " is not served by this loopback server (J2000 only)");
            }
            double h = size(p.getOrDefault("h", "15"), "h");
            double w = size(p.getOrDefault("w", "15"), "w");
            if (Math.abs(h - w) > 1e-9) {
                throw new BadQuery("Only square cut-outs are served by this loopback server (h=" + h + ", w=" + w + ")");
            }
            String format = p.getOrDefault("f", "gif").toLowerCase(Locale.ROOT);
            if (!format.equals("fits")) {
                throw new BadQuery("Format f=" + format + " is not served by this loopback server (fits only)");
            }
            String compression = p.getOrDefault("c", "none").toLowerCase(Locale.ROOT);
            if (!compression.equals("none") && !compression.equals("gz")) {
                throw new BadQuery("Compression c=" + compression + " is unknown; expected none or gz");
            }
            return new CutoutQuery(survey, ra, dec, h, compression.equals("gz"));
        }

        String describe() {
            return String.format(Locale.ROOT, "%s at RA %.6f Dec %.6f, %.2f arcmin", survey, raDeg, decDeg, sizeArcmin);
        }

        private static String required(Map<String, String> p, String name) {
            String value = p.get(name);
            if (value == null || value.isBlank()) {
                throw new BadQuery("Missing parameter " + name);
            }
            return value.trim();
        }

        private static double size(String text, String name) {
            double v = number(text, name);
            if (!(v > 0 && v <= MAX_SIZE_ARCMIN)) {
                throw new BadQuery("Size " + name + "=" + text + " must be in (0, " + MAX_SIZE_ARCMIN + "] arcmin");
            }
            return v;
        }

        /** Decimal degrees, or sexagesimal {@code hh mm ss.s} (RA) / {@code ±dd mm ss} (Dec) as the service accepts. */
        private static double angle(String text, String name, boolean hours) {
            String[] parts = text.trim().split("[\\s:]+");
            if (parts.length == 1) {
                return number(parts[0], name);
            }
            if (parts.length != 3) {
                throw new BadQuery("Parameter " + name + "=" + text + " is neither decimal degrees nor sexagesimal");
            }
            boolean negative = parts[0].startsWith("-");
            double value = Math.abs(number(parts[0], name)) + number(parts[1], name) / 60 + number(parts[2], name) / 3600;
            value = negative ? -value : value;
            return hours ? value * 15 : value;
        }

        private static double number(String text, String name) {
            try {
                double v = Double.parseDouble(text.trim());
                if (!Double.isFinite(v)) {
                    throw new NumberFormatException("not finite");
                }
                return v;
            } catch (NumberFormatException e) {
                throw new BadQuery("Parameter " + name + "=" + text + " is not a number");
            }
        }
    }

    /** Edits header cards of a FITS file in place (same number of cards, so the layout is unchanged). */
    static final class FitsCards {

        private FitsCards() {
        }

        static byte[] withSurvey(byte[] fits, String survey) {
            byte[] copy = fits.clone();
            int at = find(copy, "SURVEY");
            if (at < 0) {
                throw new IllegalStateException("The cut-out source produced a header without SURVEY");
            }
            put(copy, at, String.format(Locale.ROOT, "SURVEY  = '%-8s'           / Plate survey", survey));
            return copy;
        }

        static byte[] withoutKeywords(byte[] fits, Set<String> prefixes) {
            byte[] copy = fits.clone();
            for (int at = 0; at + CARD <= copy.length; at += CARD) {
                String key = new String(copy, at, 8, StandardCharsets.US_ASCII).trim();
                if (key.equals("END")) {
                    break;
                }
                if (prefixes.stream().anyMatch(key::startsWith)) {
                    put(copy, at, "COMMENT astrometry keyword " + key + " removed by the loopback server");
                }
            }
            return copy;
        }

        private static int find(byte[] fits, String keyword) {
            for (int at = 0; at + CARD <= fits.length; at += CARD) {
                String key = new String(fits, at, 8, StandardCharsets.US_ASCII).trim();
                if (key.equals(keyword)) {
                    return at;
                }
                if (key.equals("END")) {
                    return -1;
                }
            }
            return -1;
        }

        private static void put(byte[] fits, int at, String card) {
            String padded = String.format(Locale.ROOT, "%-80s", card);
            System.arraycopy(padded.getBytes(StandardCharsets.US_ASCII), 0, fits, at, CARD);
        }
    }
}
