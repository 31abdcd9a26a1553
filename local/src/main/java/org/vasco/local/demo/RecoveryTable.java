package org.vasco.local.demo;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.vasco.common.task.ScienceProfile;

/** Prints a {@link RecoveryReport} as the demo's closing table: a column per science profile, the run's own first. */
final class RecoveryTable {

    private RecoveryTable() {
    }

    static void print(PrintWriter out, RecoveryReport r) {
        out.printf("%nInjection-recovery over %d tile(s) (match radius %.0f\"), run profile %s; every profile on the same"
                + " measured data:%n", r.tiles(), InjectionRecovery.MATCH_ARCSEC, r.profile().label());
        StringBuilder head = new StringBuilder(String.format("  %-34s", ""));
        for (ScienceProfile p : ScienceProfile.values()) {
            head.append(String.format(" %10s", p.label()));
        }
        out.println(head);
        out.printf("  %-34s %10d%n", "injected vanishing sources", r.injected().size());
        out.printf("  %-34s %10d   (expected SNR_WIN > %.0f, outside spike zones, inside 30', Dec in scope)%n", "eligible",
                r.eligible(), InjectionRecovery.ELIGIBLE_SNR);
        row(out, "recovered (eligible)", p -> r.recovered(p));
        row(out, "missed (eligible)", p -> r.eligible() - r.recovered(p));
        row(out, "false final candidates", p -> r.falses().get(p).size());
        Set<String> kinds = new TreeSet<>();
        for (ScienceProfile p : ScienceProfile.values()) {
            kinds.addAll(r.falseByKind(p).keySet());
        }
        for (String kind : kinds) {
            row(out, "  of which " + kind, p -> r.falseByKind(p).getOrDefault(kind, 0));
        }
        out.printf("%n  %-4s %-30s %6s %7s", "id", "tile", "mag", "SNR");
        for (ScienceProfile p : ScienceProfile.values()) {
            out.printf(" %-10s", p.label());
        }
        out.printf(" why%n");
        for (InjectedSource s : r.injected()) {
            out.printf(Locale.ROOT, "  %-4s %-30s %6.2f %7.1f", s.id(), s.tileId(), s.magnitude(), s.expectedSnr());
            StringBuilder why = new StringBuilder();
            if (!s.eligible()) {
                why.append("ineligible: ").append(s.ineligibleBecause());
            }
            for (ScienceProfile p : ScienceProfile.values()) {
                InjectedSource.Result result = s.profiles().get(p.label());
                out.printf(" %-10s", result.recovered() ? "recovered" : "missed");
                String detail = result.recovered() ? result.candidate() : result.removedBy();
                if (!detail.isEmpty()) {
                    why.append(why.length() == 0 ? "" : "; ").append(p.label()).append(": ").append(detail);
                }
            }
            out.printf(" %s%n", why);
        }
        for (ScienceProfile p : ScienceProfile.values()) {
            for (FalseCandidate f : r.falses().get(p)) {
                out.printf(Locale.ROOT, "  false candidate (%s) %s at (%.6f, %.6f): really %s%s%n", p.label(), f.srcId(),
                        f.raDeg(), f.decDeg(), f.trueKind(), f.trueDetail().isEmpty() ? "" : " (" + f.trueDetail() + ")");
            }
        }
        out.flush();
    }

    private static void row(PrintWriter out, String label, java.util.function.ToIntFunction<ScienceProfile> value) {
        StringBuilder line = new StringBuilder(String.format("  %-34s", label));
        for (ScienceProfile p : ScienceProfile.values()) {
            line.append(String.format(" %10d", value.applyAsInt(p)));
        }
        out.println(line);
    }
}
