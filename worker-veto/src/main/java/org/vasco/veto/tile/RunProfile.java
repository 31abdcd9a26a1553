package org.vasco.veto.tile;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.vasco.common.task.ScienceProfile;

/** The science profile of a run, as it was created ({@code run.profile}). */
final class RunProfile {

    private RunProfile() {
    }

    /** @throws SQLException also when the run does not exist */
    static ScienceProfile of(Connection c, String runId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT profile FROM run WHERE run_id = ?")) {
            ps.setString(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException("run " + runId + " does not exist");
                }
                return ScienceProfile.parse(rs.getString(1));
            }
        }
    }
}
