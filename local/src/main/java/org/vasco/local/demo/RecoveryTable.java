package org.vasco.local.demo;

import java.io.PrintWriter;
import java.util.Locale;

/** Prints a {@link RecoveryReport} as the demo's closing table. */
final class RecoveryTable {

    private RecoveryTable() {
    }

    static void print(PrintWriter out, RecoveryReport r) {
        out.printf("%nInjection-recovery over %d tile(s) (match radius %.0f\"):%n", r.tiles(), InjectionRecovery.MATCH_ARCSEC);
        out.printf("  injected vanishing sources  %d%n", r.injected().size());
        out.printf("  eligible                    %d   (expected SNR_WIN > %.0f, outside spike zones, inside 30', Dec in scope)%n",
                r.eligible(), InjectionRecovery.ELIGIBLE_SNR);
        out.printf("  recovered (eligible)        %d%n", r.recovered());
        out.printf("  missed (eligible)           %d%n", r.eligible() - r.recovered());
        out.printf("  false final candidates      %d%n", r.falses().size());
        out.printf("%n  %-4s %-30s %6s %7s %-9s %s%n", "id", "tile", "mag", "SNR", "result", "why");
        for (InjectedSource s : r.injected()) {
            String result = s.recovered() ? "recovered" : "missed";
            String why = s.recovered() ? s.candidate() : s.removedBy();
            if (!s.eligible()) {
                why = "ineligible: " + s.ineligibleBecause() + (why.isEmpty() ? "" : "; " + why);
            }
            out.printf(Locale.ROOT, "  %-4s %-30s %6.2f %7.1f %-9s %s%n", s.id(), s.tileId(), s.magnitude(), s.expectedSnr(),
                    result, why);
        }
        for (FalseCandidate f : r.falses()) {
            out.printf(Locale.ROOT, "  false candidate %s at (%.6f, %.6f): really %s%s%n", f.srcId(), f.raDeg(), f.decDeg(),
                    f.trueKind(), f.trueDetail().isEmpty() ? "" : " (" + f.trueDetail() + ")");
        }
        out.flush();
    }
}
