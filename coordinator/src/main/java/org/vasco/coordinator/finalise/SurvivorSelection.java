package org.vasco.coordinator.finalise;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which of a run's candidates {@code vasco candidates --stage} exports: {@code FINAL} (S0 representatives no stage
 * rejected), {@code S0} (the representatives after dedup), a post stage's name (S0 representatives that no stage up
 * to and including it rejected; FLAG keeps), or {@code ALL} (every candidate of the run's done tiles, duplicates
 * included and marked by {@code duplicate_of}).
 *
 * @param stage  the post stage, or null for FINAL, S0 and ALL
 */
public record SurvivorSelection(Kind kind, String stage) {

    /** The kinds of selection. */
    public enum Kind { FINAL, S0, STAGE, ALL }

    public static final SurvivorSelection FINAL = new SurvivorSelection(Kind.FINAL, null);

    /**
     * Parses {@code FINAL}, {@code S0}, {@code ALL} (case-insensitive) or a post-stage name.
     *
     * @param known the run's post stages (release stages are always accepted)
     * @throws IllegalArgumentException for anything else, naming the choices
     */
    public static SurvivorSelection parse(String text, List<String> known) {
        String upper = text.toUpperCase(Locale.ROOT);
        switch (upper) {
            case "FINAL":
                return FINAL;
            case "S0":
                return new SurvivorSelection(Kind.S0, null);
            case "ALL":
                return new SurvivorSelection(Kind.ALL, null);
            default:
                List<String> stages = allStages(known);
                for (String stage : stages) {
                    if (stage.equalsIgnoreCase(text)) {
                        return new SurvivorSelection(Kind.STAGE, stage);
                    }
                }
                throw new IllegalArgumentException("Unknown stage '" + text + "': choose FINAL, S0, ALL or a post stage "
                        + stages);
        }
    }

    /** The release stages and any other stage of the run, in release order: the order selections judge by. */
    public static List<String> allStages(List<String> known) {
        Set<String> all = new HashSet<>(PostStages.RELEASE_ORDER);
        all.addAll(known);
        return PostStages.ordered(all);
    }

    /** The selected candidates, in the given order, judged against {@link #allStages} of the run's stages. */
    public List<RunCandidate> select(List<RunCandidate> candidates, List<String> known) {
        List<String> order = allStages(known);
        return candidates.stream().filter(c -> switch (kind) {
            case ALL -> true;
            case S0 -> c.inS0();
            case FINAL -> c.survives(order, null);
            case STAGE -> c.survives(order, stage);
        }).toList();
    }
}
