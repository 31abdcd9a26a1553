package org.vasco.local.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vasco.common.config.Environment;
import org.vasco.coordinator.cli.CliContext;
import org.vasco.coordinator.cli.ClusterLocator;
import org.vasco.local.VascoCommand;
import org.vasco.local.cluster.StageRegistry;
import org.vasco.local.cluster.SyntheticSkyArchives;
import org.vasco.testkit.archives.SyntheticArchives;
import org.vasco.testkit.sky.SyntheticSky;
import picocli.CommandLine;

/**
 * {@code vasco run} offline: with every archive at a loopback port nobody listens on, it stops before starting a
 * cluster with one line naming the cut-out service and pointing at the demo; with the archives at the loopback
 * stand-ins, the probe finds every one of them, and a run on them without an imported VSX catalogue completes
 * without the VSX stage and says so (recording its archive exchanges with {@code --record DIR}).
 */
class RunCommandTest {

    @TempDir
    Path home;

    @Test
    void offlineItStopsWithOneLineNamingTheUnreachableArchive() throws IOException {
        int closedPort = unusedPort();
        Map<String, String> settings = new LinkedHashMap<>();
        for (ArchiveProbe.Archive archive : ArchiveProbe.ARCHIVES) {
            settings.put(archive.settings().url().name(), "http://127.0.0.1:" + closedPort + "/" + archive.settings().serviceName());
        }
        // The probe retries like the workers would; quick retries keep the test short.
        settings.put("VASCO_DSS_ATTEMPTS", "3");
        settings.put("VASCO_DSS_BACKOFF", "10ms");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = VascoCommand.commandLine(
                new CliContext(new ClusterLocator(Environment.of(settings), home), Clock.systemUTC()), StageRegistry.bundled());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));

        int exit = cli.execute("run", "--plate", "XE309", "--limit", "1", "--home", home.resolve(".vasco").toString());

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString().lines()).as(err.toString()).containsExactly("vasco run: cannot reach the STScI DSS archive"
                + " (http://127.0.0.1:" + closedPort + "/dss: connection refused, after 3 attempts); check your internet access, or run"
                + " ./vasco demo for the offline synthetic sky");
        assertThat(out.toString()).as("no cluster was started").doesNotContain("state in");
        assertThat(home.resolve(".vasco")).doesNotExist();
    }

    @Test
    void anUnknownHostIsReportedAsADnsFailure() throws Exception {
        // .invalid never resolves (RFC 2606), online or not.
        Environment env = Environment.of(Map.of("VASCO_DSS_URL", "http://dss.vasco-test.invalid/cgi-bin/dss_search",
                "VASCO_DSS_ATTEMPTS", "2", "VASCO_DSS_BACKOFF", "10ms"));

        ArchiveProbe.Unreachable unreachable = new ArchiveProbe(Duration.ofSeconds(5)).firstUnreachable(env).orElseThrow();

        assertThat(unreachable.title()).isEqualTo("STScI DSS archive");
        assertThat(unreachable.problem()).isEqualTo("unknown host dss.vasco-test.invalid (DNS lookup failed)");
        assertThat(unreachable.attempts()).isEqualTo(2);
    }

    @Test
    void theProbeReachesEveryLoopbackArchive() throws Exception {
        try (SyntheticArchives archives = SyntheticSkyArchives.start(SyntheticSky.withSeed(3))) {
            Environment env = Environment.of(archives.environment());

            assertThat(new ArchiveProbe(Duration.ofSeconds(5)).firstUnreachable(env)).isEmpty();
        }
    }

    @Test
    void onReachableArchivesWithoutAVsxImportItRunsWithoutS5AndSaysSo() {
        try (SyntheticArchives archives = SyntheticSkyArchives.start(SyntheticSky.withSeed(5).withSizeArcmin(20))) {
            Map<String, String> settings = new LinkedHashMap<>(archives.environment());
            settings.remove("VASCO_VETO_VSX_ENABLED");
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            CommandLine cli = VascoCommand.commandLine(
                    new CliContext(new ClusterLocator(Environment.of(settings), home), Clock.systemUTC()), StageRegistry.bundled());
            cli.setOut(new PrintWriter(out, true));
            cli.setErr(new PrintWriter(err, true));

            Path recording = home.resolve("recording");
            int exit = cli.execute("run", "--limit", "1", "--timeout", "PT3M", "--home", home.resolve(".vasco").toString(),
                    "--record", recording.toString());

            String output = out + "\n" + err;
            assertThat(exit).as(output).isZero();
            assertThat(output).contains("plate XE309, 1 tile(s), real archives",
                    "the VSX stage (S5) is off for this run: no VSX catalogue has been imported",
                    "vasco catalog import-vsx FILE", "Funnel of run-XE309", "final candidates",
                    "recording every archive exchange in " + recording, "./vasco up --sky replay:" + recording);
            assertThat(output).doesNotContain("S5_VSX", "FAILED");
            assertThat(recording.resolve("dss")).as("--record kept the run's cut-out exchange").isDirectory();
            assertThat(recording.resolve("vizier")).isDirectory();
        }
    }

    private static int unusedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
