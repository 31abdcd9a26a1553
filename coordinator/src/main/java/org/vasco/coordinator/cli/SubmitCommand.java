package org.vasco.coordinator.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vasco.common.db.Database;
import org.vasco.common.plate.PlateCatalogue;
import org.vasco.common.task.RunId;
import org.vasco.coordinator.db.PlanCatalogueLoader;
import org.vasco.coordinator.plan.PlanTile;
import org.vasco.coordinator.plan.TessellationPlan;
import org.vasco.coordinator.run.InvalidRunRequestException;
import org.vasco.coordinator.run.RunSubmission;
import org.vasco.coordinator.run.SubmittedRun;
import org.vasco.coordinator.run.TileSelection;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code vasco submit --plate XE309 [--limit N] [--run NAME]} or {@code vasco submit --tiles FILE [--run NAME]}:
 * creates a run and queues the first step of each of its tiles. The tiles and the name are checked before
 * anything is written.
 */
@Command(name = "submit", mixinStandardHelpOptions = true,
        description = "Create a run over one plate's tiles (or a list of tiles) and queue their first step.")
public final class SubmitCommand extends ClusterCommand {

    @ArgGroup(exclusive = true, multiplicity = "1")
    Selection selection;

    @Mixin
    TileLimitOption limit;

    @Option(names = "--run", paramLabel = "NAME",
            description = "The run's name (letters, digits, '.', '_', '-'); default run-<plate>-<yyyyMMdd-HHmmss> (UTC).")
    String runName;

    @Mixin
    RunModeOption mode;

    @Mixin
    ScienceProfileOption profile;

    static final class Selection {
        @Option(names = "--plate", paramLabel = "PLATE", required = true, description = "A POSS-I E plate id, e.g. XE309.")
        String plate;

        @Option(names = "--tiles", paramLabel = "FILE", required = true,
                description = "A file of tile ids, one per line, or a CSV with a tile_id column.")
        Path tiles;
    }

    public SubmitCommand(CliContext context) {
        super(context);
    }

    @Override
    protected int execute() throws Exception {
        PlateCatalogue plates = PlateCatalogue.bundled();
        List<PlanTile> plan = TessellationPlan.generate(plates);
        TileSelection choose = new TileSelection(plates, plan);
        List<PlanTile> tiles;
        Map<String, Object> parameters = new LinkedHashMap<>();
        String subject;
        if (selection.plate != null) {
            tiles = choose.ofPlate(selection.plate, limit.limit());
            parameters.put("plate", selection.plate);
            if (limit.limit() != null) {
                parameters.put("limit", limit.limit());
            }
            subject = selection.plate;
        } else {
            if (limit.limit() != null) {
                throw new InvalidRunRequestException("--limit applies to --plate only; shorten the tile list instead");
            }
            tiles = choose.ofTiles(TileSelection.readTileIds(selection.tiles), selection.tiles.toString());
            parameters.put("tiles_file", selection.tiles.toString());
            subject = "tiles";
        }
        String name = runName != null ? runName : RunSubmission.defaultName(subject, context.clock());
        try {
            RunId.validate(name);
        } catch (IllegalArgumentException e) {
            throw new InvalidRunRequestException(e.getMessage());
        }
        try (Database db = openDatabase()) {
            new PlanCatalogueLoader(plates, plan).ensureLoaded(db);
            SubmittedRun run = new RunSubmission(db).submit(name, mode.mode(), profile.profile(), tiles, parameters);
            out().printf("Submitted run %s: %d tile(s), steps %s, profile %s; first step %s queued.%n", run.runId(),
                    run.tiles(), String.join(" → ", run.steps().stream().map(s -> s.label()).toList()),
                    run.profile().label(), run.mode().firstStep().label());
            out().printf("Follow it with: vasco status --run %s --watch%n", run.runId());
        }
        return ExitCodes.OK;
    }
}
