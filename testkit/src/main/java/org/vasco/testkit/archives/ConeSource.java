package org.vasco.testkit.archives;

import java.util.List;
import org.vasco.common.catalog.Catalogue;

/**
 * The sky behind the loopback catalogue servers: every source of a catalogue within a cone, each row
 * aligned with {@link Catalogue#columns()} (for {@link Catalogue#PS1_BRIGHT}: ra, dec, rmag of every
 * PS1 star, bright or not, because MAST filters nothing by magnitude). The {@code _r} column, where the
 * catalogue has one, may be left empty: the servers compute it from the cone centre.
 * Implementations must be thread-safe and deterministic.
 */
@FunctionalInterface
public interface ConeSource {

    List<String[]> cone(Catalogue catalogue, double raDeg, double decDeg, double radiusDeg);
}
