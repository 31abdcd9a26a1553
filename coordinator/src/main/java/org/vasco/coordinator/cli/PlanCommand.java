package org.vasco.coordinator.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.vasco.common.plate.PlateCatalogue;
import org.vasco.coordinator.plan.PlanCsv;
import org.vasco.coordinator.plan.PlanTile;
import org.vasco.coordinator.plan.PlanValidation;
import org.vasco.coordinator.plan.PlanValidator;
import org.vasco.coordinator.plan.PlanViolation;
import org.vasco.coordinator.plan.TessellationPlan;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code vasco plan generate|validate}: the tessellation plan (SPEC §2). Needs no cluster. */
@Command(name = "plan", description = "Generate or validate the tessellation plan (11,733 tiles on 904 POSS-I E plates).",
        mixinStandardHelpOptions = true, subcommands = {PlanCommand.Generate.class, PlanCommand.Validate.class})
public final class PlanCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code vasco plan generate [--out FILE]}. */
    @Command(name = "generate", mixinStandardHelpOptions = true,
            description = "Write the plan CSV, byte-identical to the reference plan.")
    public static final class Generate implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = "--out", paramLabel = "FILE", description = "Where to write the plan (default: ${DEFAULT-VALUE}).",
                defaultValue = "plans/tiles_poss1e_ps1.csv")
        Path out;

        @Override
        public Integer call() throws IOException {
            List<PlanTile> plan = TessellationPlan.generate(PlateCatalogue.bundled());
            PlanCsv.write(plan, out);
            long plates = plan.stream().map(PlanTile::plateId).distinct().count();
            spec.commandLine().getOut().printf("Wrote %d tiles on %d plates to %s%n", plan.size(), plates, out);
            return ExitCodes.OK;
        }
    }

    /** {@code vasco plan validate FILE}. */
    @Command(name = "validate", mixinStandardHelpOptions = true,
            description = "Check a plan CSV against every rule of the reference validator; exit 1 listing each violation.")
    public static final class Validate implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "FILE", description = "The plan CSV to check.")
        Path file;

        @Override
        public Integer call() throws IOException {
            if (!Files.isRegularFile(file)) {
                spec.commandLine().getErr().println("vasco plan validate: " + file + " is not a file");
                return ExitCodes.BAD_REQUEST;
            }
            PlanValidation result = new PlanValidator(PlateCatalogue.bundled()).validate(file);
            if (result.ok()) {
                spec.commandLine().getOut().println(result.rows() + " rows OK");
                return ExitCodes.OK;
            }
            for (PlanViolation v : result.violations()) {
                spec.commandLine().getOut().println(v);
            }
            spec.commandLine().getOut().println(result.rows() + " rows, " + result.violations().size() + " violation(s)");
            return ExitCodes.FAILED;
        }
    }
}
