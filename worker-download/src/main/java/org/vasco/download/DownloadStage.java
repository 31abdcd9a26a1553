package org.vasco.download;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vasco.common.db.Database;
import org.vasco.common.http.ArchiveException;
import org.vasco.common.plate.PlateEpoch;
import org.vasco.common.service.StageWiring;
import org.vasco.common.stage.PermanentStageException;
import org.vasco.common.stage.StageContext;
import org.vasco.common.stage.StageException;
import org.vasco.common.stage.StageResult;
import org.vasco.common.stage.TileStage;
import org.vasco.common.stage.TransientStageException;
import org.vasco.common.storage.ArtefactStore;
import org.vasco.common.task.Step;
import org.vasco.common.task.TileTask;
import org.vasco.common.tile.TileId;

/**
 * Step 1 (SPEC §3): downloads a tile's DSS cut-out, judges it, and stores an accepted one at
 * {@code tiles/<tile_id>/raw/dss1-red_<ra>_<dec>_<size>arcmin.fits} (temp + rename, so the final path only
 * ever holds a complete, accepted file) with its header sidecar, returning the registry row as a
 * database effect of the step. Each outcome is distinct and recorded, never reported as success:
 * <ul>
 *   <li>accepted → DONE, metrics {@code bytes, sha256, download_ms, attempts, region};</li>
 *   <li>not FITS (HTML page, truncated or empty body) → the body is kept under
 *       {@code raw/rejected/<attempt>.html|bin} with a {@code .json} note, and the attempt fails transiently with
 *       reason {@code REJECT_NON_FITS}: the loop retries and finally marks the step FAILED with that reason;</li>
 *   <li>no usable astrometry → FAILED at once, reason {@code REJECT_NON_WCS} (the header kept the same way);</li>
 *   <li>{@code SURVEY} not {@code POSSI-E} → SKIPPED, reason {@code NOT_POSS1_E} (final, not a failure);</li>
 *   <li>no readable plate epoch ({@code DATE-OBS}, else {@code DATE-AVG}) → FAILED at once, reason
 *       {@code REJECT_DATE_OBS} (the header kept), instead of a later step failing for want of an epoch;</li>
 *   <li>the archive unreachable or throttling after all HTTP attempts → transient {@code DSS_UNAVAILABLE};
 *       a 4xx refusal → permanent {@code DSS_REFUSED}.</li>
 * </ul>
 * A tile whose file is already at its final path, accepted and matching the registry's checksum, is not
 * fetched again. Thread-safe: tiles are independent and all shared parts are thread-safe.
 */
public final class DownloadStage implements TileStage {

    public static final String REJECT_NON_FITS = "REJECT_NON_FITS";
    public static final String REJECT_NON_WCS = "REJECT_NON_WCS";
    public static final String NOT_POSS1_E = "NOT_POSS1_E";
    public static final String REJECT_DATE_OBS = "REJECT_DATE_OBS";
    public static final String DSS_UNAVAILABLE = "DSS_UNAVAILABLE";
    public static final String DSS_REFUSED = "DSS_REFUSED";
    public static final String STORAGE = "STORAGE";
    public static final String DATABASE = "DATABASE";

    private static final Logger LOG = LoggerFactory.getLogger(DownloadStage.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final DssCutoutClient client;
    private final CutoutAcceptance acceptance;
    private final HeaderRegistry registry;
    private final ArtefactStore store;
    private final HeaderRegistry.Reader registered;
    private final double sizeArcmin;

    public DownloadStage(DssCutoutClient client, CutoutAcceptance acceptance, HeaderRegistry registry,
                         HeaderRegistry.Reader registered, ArtefactStore store, double sizeArcmin) {
        this.client = Objects.requireNonNull(client, "client");
        this.acceptance = Objects.requireNonNull(acceptance, "acceptance");
        this.registry = Objects.requireNonNull(registry, "registry");
        this.store = Objects.requireNonNull(store, "store");
        this.registered = Objects.requireNonNull(registered, "registered");
        this.sizeArcmin = sizeArcmin;
    }

    /** Wires a stage: one DSS client (with its process-wide rate limit) for all threads, registry lookups on a pool. */
    public static DownloadStage create(DownloadSettings settings, ArtefactStore store, Database database,
                                       MeterRegistry metrics) {
        HeaderRegistry registry = new HeaderRegistry();
        return new DownloadStage(DssCutoutClient.create(settings, metrics), new CutoutAcceptance(), registry,
                registry.reader(database), store, settings.sizeArcmin());
    }

    /**
     * Wires a stage from a running worker's collaborators (its pool, storage and metrics) and its
     * {@link DownloadSettings}: the {@link org.vasco.common.service.StageFactory} of the download worker.
     *
     * @throws org.vasco.common.config.ConfigurationException naming a missing or invalid setting
     */
    public static DownloadStage create(StageWiring wiring) {
        return create(DownloadSettings.from(wiring.environment()), wiring.store(), wiring.database(), wiring.registry());
    }

    @Override
    public Step step() {
        return Step.DOWNLOAD;
    }

    @Override
    public StageResult run(StageContext context) throws StageException, InterruptedException {
        TileTask task = context.task();
        TileId tile = task.tile();
        Path target = store.artefacts(tile).rawImage(task.raDeg(), task.decDeg(), sizeArcmin);

        Optional<StageResult> reused = reuseExisting(task, target);
        if (reused.isPresent()) {
            return reused.get();
        }

        DssCutoutClient.DssReply reply;
        try {
            reply = client.fetch(task.raDeg(), task.decDeg(), sizeArcmin);
        } catch (ArchiveException e) {
            if (e.isRetriable()) {
                throw new TransientStageException(DSS_UNAVAILABLE, "DSS cut-out for " + tile + " not obtained: " + e.getMessage(), e);
            }
            throw new PermanentStageException(DSS_REFUSED, "DSS refused the cut-out request for " + tile + ": " + e.getMessage(), e);
        }

        CutoutAcceptance.Verdict verdict = acceptance.judge(reply.body());
        switch (verdict.outcome()) {
            case REJECT_NON_FITS -> {
                Path kept = keepRejected(context, reply, verdict, REJECT_NON_FITS);
                throw new TransientStageException(REJECT_NON_FITS, "DSS reply for " + tile + " from " + reply.uri()
                        + " is not a usable FITS file: " + verdict.detail() + keptNote(kept));
            }
            case REJECT_NON_WCS -> {
                Path kept = keepRejected(context, reply, verdict, REJECT_NON_WCS);
                throw new PermanentStageException(REJECT_NON_WCS, "DSS cut-out for " + tile + " from " + reply.uri()
                        + " cannot be used: " + verdict.detail() + keptNote(kept));
            }
            case REJECT_DATE_OBS -> {
                Path kept = keepRejected(context, reply, verdict, REJECT_DATE_OBS);
                throw new PermanentStageException(REJECT_DATE_OBS, "DSS cut-out for " + tile + " from " + reply.uri()
                        + " cannot be used: " + verdict.detail() + keptNote(kept));
            }
            case NOT_POSS1_E -> {
                Map<String, Object> metrics = fetchMetrics(reply);
                metrics.put("survey", verdict.header().survey());
                putIfPresent(metrics, "region", verdict.header().text("REGION"));
                LOG.info("{}: skipped, {}", tile, verdict.detail());
                return StageResult.skipped(NOT_POSS1_E, metrics, List.of());
            }
            case ACCEPTED -> {
                return accept(task, target, verdict, fetchMetrics(reply));
            }
            default -> throw new IllegalStateException("Unhandled acceptance outcome " + verdict.outcome());
        }
    }

    private StageResult accept(TileTask task, Path target, CutoutAcceptance.Verdict verdict, Map<String, Object> metrics)
            throws TransientStageException {
        byte[] fits = verdict.fits();
        store(task, target, verdict, true);
        String sha256 = sha256(fits);
        TileDownloadRecord row = registryRow(task, target, fits.length, sha256, verdict);
        metrics.put("bytes", (long) fits.length);
        metrics.put("sha256", sha256);
        metrics.put("reused", false);
        putIfPresent(metrics, "region", row.region());
        if (row.region() != null && !row.region().equals(task.plateId())) {
            metrics.put("plan_plate", task.plateId());
        }
        LOG.info("{}: downloaded {} ({} bytes, plate {}, {} attempt(s))", task.tileId(), target.getFileName(), fits.length,
                row.region(), metrics.get("attempts"));
        return StageResult.done(metrics, List.of(registry.record(row)));
    }

    /**
     * Writes the header sidecar, then (unless it is already there) the FITS file, each atomically: a FITS
     * file at its final path therefore always has its sidecar next to it.
     */
    private void store(TileTask task, Path target, CutoutAcceptance.Verdict verdict, boolean writeFits)
            throws TransientStageException {
        try {
            byte[] sidecar = sidecar(target, verdict.header());
            store.writeAtomically(target.resolveSibling(target.getFileName() + ".header.json"), out -> out.write(sidecar));
            if (writeFits) {
                store.writeAtomically(target, out -> out.write(verdict.fits()));
            }
        } catch (IOException e) {
            throw new TransientStageException(STORAGE, "Could not store the cut-out of " + task.tileId() + " at " + target
                    + ": " + e.getMessage(), e);
        }
    }

    /**
     * When an accepted file is already at the final path and the registry (if it has a row) holds its
     * checksum, there is nothing to fetch: the row is (re)written from the file. A crash between the
     * rename and the commit leaves exactly this state.
     */
    private Optional<StageResult> reuseExisting(TileTask task, Path target) throws TransientStageException {
        if (!Files.isRegularFile(target)) {
            return Optional.empty();
        }
        byte[] existing;
        Optional<HeaderRegistry.Registered> registered;
        try {
            existing = Files.readAllBytes(target);
            registered = this.registered.find(task.tile());
        } catch (IOException e) {
            throw new TransientStageException(STORAGE, "Could not read " + target + ": " + e.getMessage(), e);
        } catch (SQLException e) {
            throw new TransientStageException(DATABASE, "Could not read the header registry for " + task.tileId() + ": "
                    + e.getMessage(), e);
        }
        String sha256 = sha256(existing);
        if (registered.isPresent() && !registered.get().sha256().equals(sha256)) {
            LOG.warn("{}: {} does not match the registry's checksum ({} vs {}); fetching it again", task.tileId(), target,
                    sha256, registered.get().sha256());
            return Optional.empty();
        }
        CutoutAcceptance.Verdict verdict = acceptance.judge(existing);
        if (!verdict.accepted()) {
            LOG.warn("{}: the file at {} is not acceptable ({}); fetching it again", task.tileId(), target, verdict.detail());
            return Optional.empty();
        }
        store(task, target, verdict, false);
        TileDownloadRecord row = registryRow(task, target, existing.length, sha256, verdict);
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("bytes", (long) existing.length);
        metrics.put("sha256", sha256);
        metrics.put("download_ms", 0L);
        metrics.put("attempts", 0);
        metrics.put("reused", true);
        putIfPresent(metrics, "region", row.region());
        LOG.info("{}: {} already downloaded with a matching checksum; not fetched again", task.tileId(), target.getFileName());
        return Optional.of(StageResult.done(metrics, List.of(registry.record(row))));
    }

    private TileDownloadRecord registryRow(TileTask task, Path target, long bytes, String sha256,
                                           CutoutAcceptance.Verdict verdict) {
        CutoutHeader header = verdict.header();
        CutoutAstrometry astrometry = verdict.astrometry();
        String dateObsRaw = header.text("DATE-OBS") != null ? header.text("DATE-OBS") : header.text("DATE-AVG");
        PlateEpoch epoch = null;
        if (dateObsRaw != null) {
            try {
                epoch = PlateEpoch.parse(dateObsRaw);
            } catch (IllegalArgumentException e) {
                LOG.warn("{}: {}; the plate epoch is left empty in the registry", task.tileId(), e.getMessage());
            }
        }
        Double mjd = header.number("MJD-OBS").isPresent() ? Double.valueOf(header.number("MJD-OBS").getAsDouble())
                : epoch == null ? null : epoch.mjd();
        return new TileDownloadRecord(task.tile(), store.root().relativize(target).toString(), sha256, bytes,
                header.text("REGION"), header.survey(), header.text("PLATEID"), header.text("PLTLABEL"), dateObsRaw,
                epoch == null ? null : epoch.dateTime(), mjd, epoch == null ? null : epoch.decimalYear(),
                astrometry.pixelScaleArcsec(), (int) header.integer("NAXIS1").orElse(0),
                (int) header.integer("NAXIS2").orElse(0), astrometry.label(), json(astrometry.offsetsJson()),
                header.selected());
    }

    /** Keeps a rejected reply for diagnosis; a failure to keep it must not hide the rejection itself. */
    private Path keepRejected(StageContext context, DssCutoutClient.DssReply reply, CutoutAcceptance.Verdict verdict,
                              String reason) {
        Path dir = store.artefacts(context.task().tile()).rejectedReplies();
        String extension = verdict.header() != null ? "fits" : looksLikeHtml(reply) ? "html" : "bin";
        Path body = dir.resolve(context.attempt() + "." + extension);
        Map<String, Object> note = new LinkedHashMap<>();
        note.put("when_utc", context.clock().instant().toString());
        note.put("reason", reason);
        note.put("detail", verdict.detail());
        note.put("content_type", reply.contentType());
        note.put("uri", reply.uri().toString());
        note.put("bytes", reply.body().length);
        note.put("attempt", context.attempt());
        note.put("ra_deg", context.task().raDeg());
        note.put("dec_deg", context.task().decDeg());
        note.put("size_arcmin", sizeArcmin);
        try {
            byte[] noteBytes = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(note);
            store.writeAtomically(body, out -> out.write(verdict.fits()));
            store.writeAtomically(dir.resolve(context.attempt() + ".json"), out -> out.write(noteBytes));
            return body;
        } catch (IOException e) {
            LOG.warn("{}: could not keep the rejected reply under {}: {}", context.task().tileId(), dir, e.getMessage());
            return null;
        }
    }

    private static boolean looksLikeHtml(DssCutoutClient.DssReply reply) {
        String type = reply.contentType() == null ? "" : reply.contentType().toLowerCase(Locale.ROOT);
        if (type.contains("html")) {
            return true;
        }
        String start = new String(reply.body(), 0, Math.min(reply.body().length, 64), StandardCharsets.ISO_8859_1)
                .stripLeading().toLowerCase(Locale.ROOT);
        return start.startsWith("<!doctype html") || start.startsWith("<html");
    }

    private static String keptNote(Path kept) {
        return kept == null ? "" : " (reply kept at " + kept + ")";
    }

    private static Map<String, Object> fetchMetrics(DssCutoutClient.DssReply reply) {
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("download_ms", reply.elapsed().toMillis());
        metrics.put("attempts", reply.attempts());
        return metrics;
    }

    private static void putIfPresent(Map<String, Object> metrics, String key, Object value) {
        if (value != null) {
            metrics.put(key, value);
        }
    }

    private static byte[] sidecar(Path fits, CutoutHeader header) throws IOException {
        Map<String, Object> sidecar = new LinkedHashMap<>();
        sidecar.put("fits_file", fits.getFileName().toString());
        sidecar.put("selected", header.selected());
        sidecar.put("header", header.cards());
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(sidecar);
        } catch (JsonProcessingException e) {
            throw new IOException("Cannot encode the header sidecar of " + fits + ": " + e.getMessage(), e);
        }
    }

    private static String json(Object value) {
        if (value == null) {
            return null;
        }
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot encode " + value + " as JSON", e);
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
