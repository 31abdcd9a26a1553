package org.vasco.coordinator.run;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.vasco.common.plate.PlateCatalogue;
import org.vasco.common.text.UntrustedText;
import org.vasco.common.tile.TileId;
import org.vasco.coordinator.plan.PlanTile;

/**
 * Chooses the plan tiles of a run: all (or the first N) tiles of one plate, or the tiles named in a file.
 * Every problem is reported before anything is submitted. Immutable and thread-safe.
 */
public final class TileSelection {

    private final PlateCatalogue plates;
    private final Map<String, List<PlanTile>> byPlate = new HashMap<>();
    private final Map<TileId, PlanTile> byTile = new HashMap<>();

    public TileSelection(PlateCatalogue plates, List<PlanTile> plan) {
        this.plates = plates;
        for (PlanTile t : plan) {
            byPlate.computeIfAbsent(t.plateId(), k -> new ArrayList<>()).add(t);
            byTile.put(t.tileId(), t);
        }
        byPlate.values().forEach(l -> l.sort(Comparator.comparingInt(PlanTile::plateTileIdx)));
    }

    /** The plate's tiles in plate_tile_idx order, the first {@code limit} of them when a limit is given. */
    public List<PlanTile> ofPlate(String plateId, Integer limit) throws InvalidRunRequestException {
        if (limit != null && limit < 1) {
            throw new InvalidRunRequestException("--limit must be at least 1, found " + limit);
        }
        List<PlanTile> tiles = byPlate.get(plateId);
        if (tiles == null) {
            if (plates.find(plateId).isPresent()) {
                throw new InvalidRunRequestException("Plate " + plateId + " has no tiles in the plan: its centre is south of Dec "
                        + org.vasco.coordinator.plan.TessellationPlan.PLATE_DEC_LIMIT + "° (outside PS1 coverage)");
            }
            throw new InvalidRunRequestException("Unknown plate '" + plateId + "': expected a POSS-I E plate id such as XE309 ("
                    + plates.size() + " plates, " + byPlate.size() + " of them in the plan)");
        }
        return limit == null || limit >= tiles.size() ? List.copyOf(tiles) : List.copyOf(tiles.subList(0, limit));
    }

    /** The named tiles, in the given order; every id must be well formed, in the plan and named once. */
    public List<PlanTile> ofTiles(List<String> tileIds, String source) throws InvalidRunRequestException {
        List<String> problems = new ArrayList<>();
        Map<TileId, Integer> seen = new LinkedHashMap<>();
        List<PlanTile> tiles = new ArrayList<>();
        for (int i = 0; i < tileIds.size(); i++) {
            String text = tileIds.get(i);
            String where = source + " entry " + (i + 1);
            if (!TileId.PATTERN.matcher(text).matches()) {
                problems.add(where + ": " + UntrustedText.quoted(text) + " is not a tile id (expected e.g. tile_RA130.013_DECp33.081)");
                continue;
            }
            TileId id = TileId.of(text);
            Integer earlier = seen.putIfAbsent(id, i + 1);
            if (earlier != null) {
                problems.add(where + ": " + text + " is already entry " + earlier);
                continue;
            }
            Optional<PlanTile> tile = Optional.ofNullable(byTile.get(id));
            if (tile.isEmpty()) {
                problems.add(where + ": " + text + " is not a tile of the plan");
                continue;
            }
            tiles.add(tile.get());
        }
        if (!problems.isEmpty()) {
            throw new InvalidRunRequestException(problems.size() + " problem(s) with the tile list:\n  " + String.join("\n  ", problems));
        }
        if (tiles.isEmpty()) {
            throw new InvalidRunRequestException(source + " names no tiles");
        }
        return tiles;
    }

    /**
     * Reads tile ids from a file: either one id per line ({@code #} comments and blank lines ignored) or a CSV
     * whose header has a {@code tile_id} column (such as the plan itself).
     */
    public static List<String> readTileIds(Path file) throws InvalidRunRequestException {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new InvalidRunRequestException("Tile list " + file + " does not exist");
        } catch (IOException e) {
            throw new InvalidRunRequestException("Cannot read tile list " + file + ": " + e.getMessage());
        }
        List<String> ids = new ArrayList<>();
        int column = -1;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (ids.isEmpty() && column < 0 && line.contains(",")) {
                column = List.of(line.split(",", -1)).indexOf("tile_id");
                if (column < 0) {
                    throw new InvalidRunRequestException(file + " line " + (i + 1)
                            + ": a CSV tile list needs a tile_id column in its header, found '" + line + "'");
                }
                continue;
            }
            if (column >= 0) {
                String[] f = line.split(",", -1);
                ids.add(column < f.length ? f[column].strip() : "");
            } else {
                ids.add(line);
            }
        }
        return ids;
    }
}
