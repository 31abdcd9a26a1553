package org.vasco.local.bench;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.vasco.common.task.ScienceProfile;

/**
 * The null test's table: per profile and check, the share of the tested stars each SNR_WIN bin keeps, and the verdict
 * on the corrected profile's goal ({@value #GOAL_PERCENT} % kept overall in every bin).
 */
final class NullTestTable {

    static final double[] BIN_EDGES = {30, 45, 70, 100, 150};
    static final double GOAL_PERCENT = 95.0;

    private final List<NullTest.Outcome> outcomes;

    NullTestTable(List<NullTest.Outcome> outcomes) {
        this.outcomes = List.copyOf(outcomes);
    }

    static int bin(double snr) {
        for (int b = 0; b + 1 < BIN_EDGES.length; b++) {
            if (snr >= BIN_EDGES[b] && (snr < BIN_EDGES[b + 1] || b + 2 == BIN_EDGES.length && snr <= BIN_EDGES[b + 1])) {
                return b;
            }
        }
        return -1;
    }

    static String binLabel(int b) {
        return String.format(Locale.ROOT, "%.0f-%.0f", BIN_EDGES[b], BIN_EDGES[b + 1]);
    }

    /** Stars tested (each under both profiles once). */
    int stars() {
        return (int) outcomes.stream().filter(o -> o.profile() == ScienceProfile.REFERENCE).count();
    }

    /** Per bin, stars tested. */
    int[] starsPerBin() {
        int[] n = new int[BIN_EDGES.length - 1];
        for (NullTest.Outcome o : outcomes) {
            if (o.profile() == ScienceProfile.REFERENCE && bin(o.snr()) >= 0) {
                n[bin(o.snr())]++;
            }
        }
        return n;
    }

    /** Percent of the bin's stars that pass {@code check} under {@code profile} (NaN for an empty bin). */
    double percentKept(ScienceProfile profile, String check, int b) {
        int n = 0;
        int kept = 0;
        for (NullTest.Outcome o : outcomes) {
            // a stage's reason row: a star of a tile where the stage never gave that reason was not rejected for it
            if (o.profile() == profile && bin(o.snr()) == b && (o.kept().containsKey(check) || check.contains(":"))) {
                n++;
                if (o.kept().getOrDefault(check, true)) {
                    kept++;
                }
            }
        }
        return n == 0 ? Double.NaN : 100.0 * kept / n;
    }

    void print(PrintWriter out) {
        int[] perBin = starsPerBin();
        StringBuilder header = new StringBuilder(String.format(Locale.ROOT, "  %-10s %-22s", "profile", "kept by"));
        for (int b = 0; b < perBin.length; b++) {
            header.append(String.format(Locale.ROOT, " %14s", "SNR " + binLabel(b)));
        }
        out.println(header);
        StringBuilder counts = new StringBuilder(String.format(Locale.ROOT, "  %-10s %-22s", "", "(stars)"));
        for (int n : perBin) {
            counts.append(String.format(Locale.ROOT, " %14d", n));
        }
        out.println(counts);
        for (ScienceProfile profile : ScienceProfile.values()) {
            for (String check : checks(profile)) {
                StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "  %-10s %-22s", profile.label(),
                        check.contains(":") ? label(check) : indent(check) + check));
                for (int b = 0; b < perBin.length; b++) {
                    double p = percentKept(profile, check, b);
                    row.append(String.format(Locale.ROOT, " %13s%%", Double.isNaN(p) ? "-" : String.format(Locale.ROOT, "%.1f", p)));
                }
                out.println(row);
            }
        }
    }

    /**
     * The checks a profile made, in the order they run: the late filters and each of their gates, the spike cut, S0M
     * and S0S each with the reasons they gave (different tiles may give different ones), all.
     */
    private List<String> checks(ScienceProfile profile) {
        Set<String> names = new LinkedHashSet<>();
        for (NullTest.Outcome o : outcomes) {
            if (o.profile() == profile) {
                names.addAll(o.kept().keySet());
            }
        }
        List<String> ordered = new ArrayList<>(names);
        ordered.remove(NullTest.ALL);
        List<String> sorted = new ArrayList<>();
        for (String name : ordered) {
            if (!name.contains(":") || !sorted.contains(name)) {
                if (!name.contains(":")) {
                    sorted.add(name);
                    ordered.stream().filter(n -> n.startsWith(name + ":")).sorted().forEach(sorted::add);
                }
            }
        }
        sorted.add(NullTest.ALL);
        return sorted;
    }

    private static String label(String check) {
        int colon = check.indexOf(':');
        return colon < 0 ? check : "  " + check.substring(colon + 1);
    }

    private static String indent(String check) {
        return check.equals(NullTest.LATE) || check.equals(NullTest.SPIKE) || check.equals(NullTest.ALL)
                || check.startsWith("S0") ? "" : "  ";
    }

    /** The lowest share of stars the corrected profile keeps over all checks in any non-empty bin, and where. */
    String goalLine() {
        double lowest = Double.POSITIVE_INFINITY;
        int where = -1;
        for (int b = 0; b + 1 < BIN_EDGES.length; b++) {
            double p = percentKept(ScienceProfile.CORRECTED, NullTest.ALL, b);
            if (!Double.isNaN(p) && p < lowest) {
                lowest = p;
                where = b;
            }
        }
        if (where < 0) {
            return "corrected keeps >= 95% in every bin: no (no star tested)";
        }
        return String.format(Locale.ROOT, "corrected keeps >= 95%% in every bin: %s (lowest %.1f%% at SNR %s)",
                lowest >= GOAL_PERCENT ? "yes" : "no", lowest, binLabel(where));
    }
}
