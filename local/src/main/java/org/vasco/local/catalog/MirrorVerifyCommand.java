package org.vasco.local.catalog;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.vasco.coordinator.cli.ExitCodes;
import org.vasco.xmatch.mirror.ParquetEngine;
import org.vasco.xmatch.mirror.build.MirrorVerifier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code vasco catalog mirror verify DIR [--quick]}: checks a built mirror against its MANIFEST.json (files,
 * SHA-256, row counts, columns, LICENSE.txt, no stray files; without {@code --quick} also that every row lies in its
 * pixel). Exit codes: 0 sound, 1 problems found (one line each).
 */
@Command(name = "verify", mixinStandardHelpOptions = true, description = "Check a catalogue mirror against its MANIFEST.json.")
public final class MirrorVerifyCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", description = "The mirror's directory.")
    Path dir;

    @Option(names = "--quick", description = "Skip reading every row to check its pixel.")
    boolean quick;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        try (ParquetEngine engine = ParquetEngine.open("1GB")) {
            MirrorVerifier.Report report = MirrorVerifier.verify(engine, dir, quick);
            report.problems().forEach(p -> out.println("PROBLEM " + p));
            out.printf(Locale.ROOT, "%s: %d pixels, %d files, %,d rows: %s%n", dir, report.pixels(), report.files(), report.rows(),
                    report.sound() ? "sound" : report.problems().size() + " problem(s)");
            return report.sound() ? ExitCodes.OK : ExitCodes.FAILED;
        }
    }
}
