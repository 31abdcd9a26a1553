package org.vasco.veto.vsx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.vasco.testkit.services.SharedServices;
import org.vasco.veto.chain.VetoChainRunner;
import org.vasco.veto.chain.VetoRows;
import org.vasco.veto.cli.ImportVsxCommand;
import org.vasco.veto.stages.Candidate;
import org.vasco.veto.stages.CandidateVerdict;
import org.vasco.veto.stages.Candidates;
import org.vasco.veto.stages.VariableStarIndex;
import org.vasco.veto.stages.Verdict;
import org.vasco.veto.stages.VetoStageException;
import org.vasco.veto.stages.VsxStage;
import picocli.CommandLine;

/**
 * The VSX import (vsx.dat and slim CSV through {@code vasco catalog import-vsx}) and the S5 stage on it. The
 * catalogue is one per database, so the steps run in order: nothing imported, a vsx.dat, a CSV replacing it,
 * and a malformed file that must leave the last good import in place.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class VsxCatalogueTest {

    @TempDir
    static Path dir;

    static final VsxStage STAGE = new VsxStage(new VsxCatalogue(SharedServices.get().database().dataSource()), 5.0);

    /** One vsx.dat record laid out as the CDS ReadMe says (OID 1-7, Name 9-38, V 40, RAdeg 42-50, DEdeg 52-60, Type 62-91). */
    static String record(int oid, String name, double ra, double dec, String type) {
        return String.format(Locale.ROOT, "%7d %-30s %1d %9.5f %9.5f %-30s    14.200 V", oid, name, 0, ra, dec, type);
    }

    static int run(Path file, StringWriter out) {
        CommandLine cli = new CommandLine(new ImportVsxCommand(() -> SharedServices.get().environment(Map.of())));
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(out, true));
        return cli.execute(file.toString());
    }

    static Verdict verdict(Candidate c) throws Exception {
        List<CandidateVerdict> v = STAGE.judge(List.of(c));
        return v.get(0).verdict();
    }

    @Test
    @Order(0)
    void theStageRefusesToRunBeforeAnImport() throws Exception {
        try (Connection c = SharedServices.get().database().connection(); Statement st = c.createStatement()) {
            st.execute("DELETE FROM vsx_import");
            st.execute("TRUNCATE vsx_star");
        }
        assertThatThrownBy(() -> STAGE.judge(List.of(Candidates.at(1, 10, 10))))
                .isInstanceOf(VetoStageException.class).hasMessageContaining("has not been imported")
                .hasMessageContaining("import-vsx");
    }

    @Test
    @Order(1)
    void importsTheCdsFixedWidthFileAndVetoesWithinFiveArcsec() throws Exception {
        Path dat = dir.resolve("vsx.dat");
        Files.write(dat, List.of(
                record(1, "V0001 Tst", 150.0, 20.0, "EA"),
                record(2, "Wrap Var", 359.99950, 0.0, "RRAB"),
                String.format(Locale.ROOT, "%7d %-30s %1d %9s %9s %-30s", 3, "No Position", 2, "", "", "VAR"),
                record(4, "South Var", 10.0, -45.0, "M")));
        StringWriter out = new StringWriter();
        assertThat(run(dat, out)).as(out.toString()).isZero();
        assertThat(out.toString()).contains("imported 3 VSX entries").contains("1 without a position skipped");

        assertThat(verdict(Candidates.at(1, 150.0 + 2.0 / 3600, 20.0))).isEqualTo(Verdict.REJECT);
        assertThat(verdict(Candidates.at(2, 150.0 + 10.0 / 3600, 20.0))).isEqualTo(Verdict.KEEP);
        assertThat(verdict(Candidates.at(3, 0.0003, 0.0))).as("across RA 0").isEqualTo(Verdict.REJECT);
        assertThat(verdict(Candidates.at(4, 10.0, -45.0 + 4.0 / 3600))).isEqualTo(Verdict.REJECT);
        CandidateVerdict v = STAGE.judge(List.of(Candidates.at(5, 150.0, 20.0 + 1.0 / 3600))).get(0);
        assertThat(v.details()).containsEntry("vsx_name", "V0001 Tst").containsEntry("matched_count", 1);
        assertThat((double) v.details().get("best_sep_arcsec")).isBetween(0.99, 1.01);
    }

    @Test
    @Order(2)
    void aSlimCsvReplacesThePreviousImport() throws Exception {
        Path csv = dir.resolve("vsx_slim.csv");
        Files.write(csv, List.of("OID,Name,RAdeg,DEdeg", "9,CSV Var,200.0,30.0", "10,,201.0,31.0"));
        StringWriter out = new StringWriter();
        assertThat(run(csv, out)).as(out.toString()).isZero();
        assertThat(verdict(Candidates.at(1, 200.0, 30.0 + 3.0 / 3600))).isEqualTo(Verdict.REJECT);
        assertThat(verdict(Candidates.at(2, 150.0, 20.0))).as("the vsx.dat rows are gone").isEqualTo(Verdict.KEEP);
        assertThat(new VsxCatalogue(SharedServices.get().database().dataSource()).lastImport())
                .map(VariableStarIndex.Import::rows).hasValue(2L);
    }

    @Test
    @Order(3)
    void aMalformedFileIsRefusedAndTheLastImportStays() throws Exception {
        Path bad = dir.resolve("broken.csv");
        Files.write(bad, List.of("RAdeg,DEdeg", "12.0,north"));
        StringWriter out = new StringWriter();
        assertThat(run(bad, out)).isEqualTo(2);
        assertThat(out.toString()).contains("broken.csv").contains("line 2");
        Path noColumns = dir.resolve("other.csv");
        Files.write(noColumns, List.of("ra_x,dec_y", "1,2"));
        StringWriter out2 = new StringWriter();
        assertThat(run(noColumns, out2)).isEqualTo(2);
        assertThat(out2.toString()).contains("no RAdeg/DEdeg");
        assertThat(run(dir.resolve("missing.dat"), new StringWriter())).isEqualTo(2);
        assertThat(verdict(Candidates.at(1, 200.0, 30.0))).isEqualTo(Verdict.REJECT);
    }

    @Test
    @Order(4)
    void theChainRejudgesAfterAReimport() throws Exception {
        Candidate nearCsvVar = Candidates.at(21, 200.0, 30.0 + 1.0 / 3600);
        try (Connection c = VetoRows.connection()) {
            String run = VetoRows.newRun(c, List.of(nearCsvVar));
            VetoChainRunner chain = new VetoChainRunner(List.of(STAGE));
            assertThat(chain.run(c, run, List.of(nearCsvVar)).survivors()).isEmpty();
            assertThat(chain.run(c, run, List.of(nearCsvVar)).stages().get(0).reused()).isEqualTo(1);

            Path other = dir.resolve("vsx_other.csv");
            Files.write(other, List.of("RAdeg,DEdeg,Name", "100.0,10.0,Elsewhere"));
            assertThat(run(other, new StringWriter())).isZero();
            VetoChainRunner.ChainResult after = chain.run(c, run, List.of(nearCsvVar));
            assertThat(after.stages().get(0).reused()).isZero();
            assertThat(after.survivors()).containsExactly(nearCsvVar);
        }
    }

    @Test
    @Order(5)
    void aSlimFitsTableImportsToo() throws Exception {
        uk.ac.starlink.table.RowListStarTable table = new uk.ac.starlink.table.RowListStarTable(
                new uk.ac.starlink.table.ColumnInfo[] {
                    new uk.ac.starlink.table.ColumnInfo("Name", String.class, null),
                    new uk.ac.starlink.table.ColumnInfo("RAdeg", Double.class, null),
                    new uk.ac.starlink.table.ColumnInfo("DEdeg", Double.class, null)});
        table.addRow(new Object[] {"FITS Var", 45.0, -10.0});
        table.addRow(new Object[] {"No Pos", Double.NaN, Double.NaN});
        Path fits = dir.resolve("vsx_master_slim.fits");
        try (var out = Files.newOutputStream(fits)) {
            new uk.ac.starlink.fits.FitsTableWriter().writeStarTable(table, out);
        }
        StringWriter out = new StringWriter();
        assertThat(run(fits, out)).as(out.toString()).isZero();
        assertThat(out.toString()).contains("imported 1 VSX entries").contains("1 without a position");
        assertThat(verdict(Candidates.at(1, 45.0, -10.0 + 2.0 / 3600))).isEqualTo(Verdict.REJECT);
    }
}
