package org.vasco.coordinator.bundle;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vasco.common.db.Database;
import org.vasco.common.service.PeriodicRound;
import org.vasco.common.storage.ArtefactStore;
import org.vasco.common.storage.RunArtefacts;
import org.vasco.common.storage.RunFile;
import org.vasco.coordinator.api.CandidateQueries;
import org.vasco.coordinator.json.ApiJson;
import org.vasco.coordinator.finalise.RunResults;
import org.vasco.coordinator.finalise.RunResultsQuery;
import org.vasco.coordinator.run.InvalidRunRequestException;

/**
 * The coordinator's writer of run bundles: every {@code interval} it writes the bundle of each finalised run whose
 * bundle is missing or older than the run's finalisation (the bundle's provenance records the {@code finalised_at}
 * it was written for), so a run finalised again after {@code vasco retry} gets a new bundle, replacing the old one
 * whole. A run whose tiles are being retried keeps its last bundle until it is finalised again. The run row is
 * locked ({@code FOR UPDATE SKIP LOCKED}) and read in one snapshot while its bundle is written, so two coordinators
 * never write the same bundle at once and the finaliser waits for the write. One daemon thread; {@link #close()}
 * stops it.
 */
public final class RunBundlePublisher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RunBundlePublisher.class);

    private final Database database;
    private final ArtefactStore store;
    private final RunResultsQuery query;
    private final RunBundleWriter writer;
    /** Run to the finalisation its bundle on the storage was written for, as far as this coordinator knows. */
    private final Map<String, Instant> written = new ConcurrentHashMap<>();
    private final PeriodicRound rounds;

    public RunBundlePublisher(Database database, ArtefactStore store, RunResultsQuery query, RunBundleWriter writer) {
        this.database = database;
        this.store = store;
        this.query = query;
        this.writer = writer;
        this.rounds = new PeriodicRound("run-bundles", "Run bundle round", LOG, this::publishDue);
    }

    /** Checks for due bundles every {@code interval}; returns this. */
    public RunBundlePublisher start(Duration interval) {
        rounds.start(interval, interval, "The run bundle interval");
        return this;
    }

    /** Writes the bundle of every finalised run whose bundle is missing or stale; returns the runs written. */
    public List<String> publishDue() throws SQLException, IOException {
        Map<String, Instant> finalised = new LinkedHashMap<>();
        try (Connection c = database.connection(); PreparedStatement ps = c.prepareStatement(
                "SELECT run_id, finalised_at FROM run WHERE state = 'FINALISED' ORDER BY finalised_at, run_id");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                finalised.put(rs.getString(1), rs.getTimestamp(2).toInstant());
            }
        }
        List<String> done = new ArrayList<>();
        for (Map.Entry<String, Instant> run : finalised.entrySet()) {
            if (!run.getValue().equals(bundledFinalisation(run.getKey()))) {
                publish(run.getKey()).ifPresent(done::add);
            }
        }
        return done;
    }

    /**
     * Writes the run's bundle now if it is finalised and complete; empty when it is not, or when another coordinator
     * holds the run.
     */
    public Optional<String> publish(String runId) throws SQLException, IOException {
        try (Connection c = database.connection()) {
            c.setAutoCommit(false);
            try {
                // Per transaction, not per session (setTransactionIsolation): behind PgBouncer in transaction mode the
                // session is some other client's server connection.
                try (Statement st = c.createStatement()) {
                    st.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ");
                }
                try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM run WHERE run_id = ? AND state = 'FINALISED'"
                        + " FOR UPDATE SKIP LOCKED")) {
                    ps.setString(1, runId);
                    try (ResultSet rs = ps.executeQuery()) {
                        if (!rs.next()) {
                            return Optional.empty();
                        }
                    }
                }
                Optional<RunResults> results = query.load(c, runId);
                if (results.isEmpty()) {
                    return Optional.empty();
                }
                RunArtefacts bundle = writer.write(store, results.get(), CandidateQueries.reviews(c, runId));
                written.put(runId, results.get().run().finalisedAt());
                LOG.info("Run {}: bundle written to {} ({} candidates, {} final)", runId, bundle.directory(),
                        results.get().candidates().size(), results.get().funnel().run().finalCount());
                return Optional.of(runId);
            } catch (InvalidRunRequestException e) {
                return Optional.empty(); // the run was deleted meanwhile
            } finally {
                c.rollback();
                c.setAutoCommit(true);
            }
        }
    }

    /** The finalisation the run's bundle on the storage was written for, or null when it has none. */
    private Instant bundledFinalisation(String runId) {
        return written.computeIfAbsent(runId, run -> {
            RunArtefacts bundle = store.runArtefacts(run);
            if (!RunBundle.exists(bundle.directory())) {
                return Instant.EPOCH;
            }
            try {
                JsonNode provenance = ApiJson.MAPPER.readTree(Files.readAllBytes(bundle.file(RunFile.PROVENANCE)));
                return Instant.parse(provenance.path("finalised_at").asText());
            } catch (IOException | RuntimeException e) {
                return Instant.EPOCH; // unreadable: written again
            }
        });
    }

    @Override
    public void close() {
        rounds.close();
    }
}
