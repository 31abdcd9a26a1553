package org.vasco.veto.remote;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.vasco.common.http.ArchiveClient;
import org.vasco.common.http.ArchiveService;
import org.vasco.testkit.archives.ArchiveSky;
import org.vasco.testkit.archives.ArchiveSource;
import org.vasco.testkit.archives.LoopbackCdsXmatchServer;
import org.vasco.testkit.archives.LoopbackSkybotServer;
import org.vasco.testkit.archives.LoopbackTapServer;

/**
 * The stand-in services and clients of the remote stage tests, over one small constructed sky around
 * (150°, +20°): a real star everywhere (GSC, SuperCOSMOS, PTF), a vanishing source only on the plate
 * (SuperCOSMOS sees it, no modern survey does), a DSS scanning artefact (in no other archive), and an asteroid.
 */
public final class StandIns implements AutoCloseable {

    private static final AtomicInteger SERVICE_NAMES = new AtomicInteger();

    public static final double[] STAR = {150.0, 20.0};
    public static final double[] VANISHING = {150.02, 20.01};
    public static final double[] ARTEFACT = {150.04, 20.02};
    public static final double[] ASTEROID = {150.06, 20.03};
    /** A second vanishing source, just south of the plate centre's declination. */
    public static final double[] SOUTH = {150.08, 19.99};

    public final LoopbackCdsXmatchServer cds;
    public final LoopbackSkybotServer skybot;
    public final LoopbackTapServer gavo;
    public final LoopbackTapServer irsa;

    public StandIns() {
        ArchiveSky plate = ArchiveSky.of(List.of(
                ArchiveSource.of("star-1", STAR[0], STAR[1], "star"),
                ArchiveSource.of("vanishing-1", VANISHING[0], VANISHING[1], "vanishing"),
                ArchiveSource.of("vanishing-2", SOUTH[0], SOUTH[1], "vanishing"),
                ArchiveSource.of("artefact-1", ARTEFACT[0], ARTEFACT[1], "artefact")));
        ArchiveSky today = ArchiveSky.of(List.of(
                new ArchiveSource("N0123456789", STAR[0] + 1.5 / 3600, STAR[1], "star", Map.of("ngoodobs", 12.0)),
                new ArchiveSource("ptf-faint", ASTEROID[0] + 2 / 3600.0, ASTEROID[1], "star", Map.of("ngoodobs", 0.0))));
        cds = new LoopbackCdsXmatchServer(Map.of("I/353/gsc242", today));
        skybot = new LoopbackSkybotServer(ArchiveSky.of(List.of(
                ArchiveSource.of("2001 AB", ASTEROID[0] + 2.0 / 3600, ASTEROID[1], "asteroid"),
                ArchiveSource.of("1999 XY", STAR[0], STAR[1] + 30.0 / 3600, "asteroid"))));
        gavo = new LoopbackTapServer("/tap/sync", Map.of("supercosmos.sources", plate.only(Set.of("star", "vanishing"))));
        irsa = new LoopbackTapServer("/TAP/sync", Map.of("ptf_objects", today));
    }

    /** A client with quick retries and a fresh rate-limiter name. */
    public static ArchiveClient client(URI uri, int attempts) {
        return new ArchiveClient(new ArchiveService("test-" + SERVICE_NAMES.incrementAndGet(), uri, Duration.ofSeconds(2),
                attempts, Duration.ofMillis(5), 1000), new SimpleMeterRegistry(), "vasco-test");
    }

    @Override
    public void close() {
        cds.close();
        skybot.close();
        gavo.close();
        irsa.close();
    }
}
