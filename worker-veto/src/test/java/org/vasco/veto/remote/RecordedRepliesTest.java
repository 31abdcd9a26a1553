package org.vasco.veto.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.vasco.testkit.archives.ArchiveSky;
import org.vasco.testkit.archives.LoopbackCdsXmatchServer;
import org.vasco.testkit.archives.LoopbackSkybotServer;
import org.vasco.testkit.archives.LoopbackTapServer;
import org.vasco.testkit.archives.RecordedReply;
import org.vasco.testkit.archives.ScriptedReply;
import uk.ac.starlink.table.StarTable;

/**
 * Issue #21 item 2: real replies of the real services (recorded by astroquery and pyvo, docs/protocols.md) fed through
 * the veto clients' own parsers, over the real HTTP stack where the client owns the request: the rows come out as the
 * service meant them, and an error document or a table shaped for another request fails loudly instead of reading as
 * "no match".
 */
class RecordedRepliesTest {

    private static LoopbackSkybotServer skybot;
    private static LoopbackCdsXmatchServer xmatch;
    private static LoopbackTapServer tap;

    @BeforeAll
    static void start() {
        skybot = new LoopbackSkybotServer(ArchiveSky.of(List.of()));
        xmatch = new LoopbackCdsXmatchServer(Map.of());
        tap = new LoopbackTapServer("/tap/sync", Map.of());
    }

    @AfterAll
    static void stop() {
        skybot.close();
        xmatch.close();
        tap.close();
    }

    @Test
    void skybotsRecordedConeGivesItsFourObjectsAtTheirDecimalPositions() throws Exception {
        skybot.answerWith(ScriptedReply.ok("application/x-votable+xml", RecordedReply.SKYBOT_CONE.bytes()), 1);

        List<SkybotClient.SolarSystemObject> objects = new SkybotClient(StandIns.client(skybot.conesearchUri(), 1))
                .cone(2460677.5, 81.2833, 4.49278, 720);

        assertThat(objects).extracting(SkybotClient.SolarSystemObject::name)
                .containsExactly("G!kun||'homdima", "2014 UP224", "2019 RB21", "2007 TE366");
        assertThat(objects.get(0).raDeg()).isEqualTo(81.303190599627357);
        assertThat(objects.get(0).decDeg()).isEqualTo(4.4903001723284355);
        assertThat(objects.get(3).raDeg()).isEqualTo(81.459514920490165);
        assertThat(objects.get(3).decDeg()).isEqualTo(4.5092830524710497);
    }

    /**
     * SkyBoT's real replies refer to an 'Ephemeris' element they never define; STIL warned of it once per reply (130
     * lines in one demo). Parsing such a reply now logs nothing.
     */
    @Test
    void aSkybotReplyIsParsedWithoutAWarningLine() throws Exception {
        List<LogRecord> logged = new CopyOnWriteArrayList<>();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord r) {
                if (r.getLevel().intValue() >= Level.WARNING.intValue()) {
                    logged.add(r);
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger root = Logger.getLogger("");
        root.addHandler(handler);
        skybot.answerWith(ScriptedReply.ok("application/x-votable+xml", RecordedReply.SKYBOT_CONE.bytes()), 1);
        try {
            assertThat(new SkybotClient(StandIns.client(skybot.conesearchUri(), 1)).cone(2460677.5, 81.2833, 4.49278, 720))
                    .hasSize(4);
        } finally {
            root.removeHandler(handler);
        }
        assertThat(new String(RecordedReply.SKYBOT_CONE.bytes(), StandardCharsets.UTF_8))
                .contains("ref=\"Ephemeris\"");
        assertThat(logged).extracting(LogRecord::getMessage).isEmpty();
    }

    @Test
    void withoutItsHiddenDecimalColumnsTheSexagesimalOnesGiveTheSamePositions() throws Exception {
        // The current API's visible position columns are sexagesimal RA/DEC, found by their main-position UCDs; the
        // recording carries both, so the two readings can be checked against each other on real values.
        String sexagesimalOnly = RecordedReply.SKYBOT_CONE.text().replace("name=\"_RAJ2000\"", "name=\"raHidden\"")
                .replace("name=\"_DECJ2000\"", "name=\"decHidden\"");
        skybot.answerWith(ScriptedReply.ok("application/x-votable+xml", sexagesimalOnly), 1);

        List<SkybotClient.SolarSystemObject> objects = new SkybotClient(StandIns.client(skybot.conesearchUri(), 1))
                .cone(2460677.5, 81.2833, 4.49278, 720);

        // 05 25 12.7657 / +04 29 25.081 against 81.303190599627357 / 4.4903001723284355: the rounding of the text.
        assertThat(objects.get(0).raDeg()).isCloseTo(81.303190599627357, within(1e-6));
        assertThat(objects.get(0).decDeg()).isCloseTo(4.4903001723284355, within(1e-6));
        assertThat(objects.get(1).raDeg()).as("05 25 5.8105: seconds are not zero-padded").isCloseTo(81.274210256266798, within(1e-6));
        assertThat(objects.get(1).decDeg()).as("+04 31 3.866").isCloseTo(4.5177406268703377, within(1e-6));
    }

    @Test
    void cdsXmatchsRecordedCsvGivesEveryPairNearestFirst() throws Exception {
        List<CdsXmatchClient.XmatchPair> pairs = CdsXmatchClient.pairs(RecordedReply.CDS_XMATCH_CSV.bytes(), "my_id", "2MASS",
                "recorded X-Match reply");

        assertThat(pairs).hasSize(11);
        assertThat(pairs).extracting(CdsXmatchClient.XmatchPair::rowId).containsExactly(1, 1, 1, 1, 1, 2, 3, 4, 5, 6, 6);
        assertThat(pairs.get(0)).isEqualTo(new CdsXmatchClient.XmatchPair(1, 1.352044, "17485281-2021323"));
        assertThat(pairs.get(10)).isEqualTo(new CdsXmatchClient.XmatchPair(6, 4.503950, "21295861+1210023"));
    }

    @Test
    void anXmatchTableWithoutTheUploadedRowNumbersIsAnErrorNotAnEmptyMatch() {
        // The recorded reply answers an upload that numbered its rows my_id; ours are row_id. Through the client.
        xmatch.answerWith(ScriptedReply.ok("text/csv", RecordedReply.CDS_XMATCH_CSV.bytes()), 1);
        CdsXmatchClient client = new CdsXmatchClient(StandIns.client(xmatch.syncUri(), 1));

        assertThatThrownBy(() -> client.match(VoTables.uploadTable(new double[0], new double[0]), "II/246/out", 5, "2MASS"))
                .isInstanceOf(IOException.class).hasMessageContaining("without the angDist/row_id columns")
                .hasMessageContaining("angDist,ra,dec,my_id,2MASS");
    }

    @Test
    void anXmatchHeaderAloneIsNoMatchAndAnHtmlPageIsAnError() throws Exception {
        String header = RecordedReply.CDS_XMATCH_CSV.text().lines().findFirst().orElseThrow().replace("my_id", "row_id") + "\n";
        assertThat(CdsXmatchClient.pairs(header.getBytes(StandardCharsets.UTF_8), "row_id", "2MASS", "header only")).isEmpty();
        assertThatThrownBy(() -> CdsXmatchClient.pairs("<html><body>Service unavailable</body></html>\n"
                .getBytes(StandardCharsets.UTF_8), "row_id", "GSC2", "html"))
                .isInstanceOf(IOException.class).hasMessageContaining("without the angDist/row_id columns");
        assertThatThrownBy(() -> CdsXmatchClient.pairs(new byte[0], "row_id", "GSC2", "nothing"))
                .isInstanceOf(IOException.class).hasMessageContaining("empty body");
    }

    @Test
    void cdssRecordedErrorDocumentIsAnErrorWithItsText() throws Exception {
        VoTableReply reply = VoTables.parse(RecordedReply.VIZIER_VOTABLE_ERROR.bytes(), "recorded VizieR error");

        assertThat(reply.isError()).isTrue();
        assertThat(reply.statusText()).contains("Postgres connect error").contains("no connection");
        assertThat(reply.table()).isNull();

        skybot.answerWith(ScriptedReply.ok("application/x-votable+xml", RecordedReply.VIZIER_VOTABLE_ERROR.bytes()), 1);
        assertThatThrownBy(() -> new SkybotClient(StandIns.client(skybot.conesearchUri(), 1)).cone(2460677.5, 81.2, 4.5, 600))
                .as("an error that is not SkyBoT's empty-field message is no empty field")
                .isInstanceOf(IOException.class).hasMessageContaining("reported an error").hasMessageContaining("no connection");
        tap.answerWith(ScriptedReply.ok("application/x-votable+xml", RecordedReply.VIZIER_VOTABLE_ERROR.bytes()), 1);
        assertThatThrownBy(() -> new TapUploadClient(StandIns.client(tap.syncUri(), 1))
                .countsByRowId("SELECT 1", VoTables.uploadTable(new double[0], new double[0]), null))
                .isInstanceOf(IOException.class).hasMessageContaining("QUERY_STATUS=ERROR").hasMessageContaining("Postgres");
    }

    @Test
    void gavosRecordedTapResultReadsAsATableWithItsEmptyCells() throws Exception {
        VoTableReply reply = VoTables.parse(RecordedReply.GAVO_TAP_RESULT.bytes(), "recorded GAVO TAP result");

        assertThat(reply.queryStatus()).as("this DaCHS result carries no QUERY_STATUS: a success").isNull();
        assertThat(reply.isError()).isFalse();
        assertThat(reply.isOverflow()).isFalse();
        StarTable table = reply.table();
        List<Object[]> rows = VoTables.rows(table);
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0)[VoTables.column(table, "obs_collection")]).isEqualTo("Carte du Ciel");
        assertThat(rows.get(0)[VoTables.column(table, "dataproduct_subtype")]).as("<TD/>").isNull();

        tap.answerWith(ScriptedReply.ok("application/x-votable+xml", RecordedReply.GAVO_TAP_RESULT.bytes()), 1);
        assertThatThrownBy(() -> new TapUploadClient(StandIns.client(tap.syncUri(), 1))
                .countsByRowId("SELECT 1", VoTables.uploadTable(new double[0], new double[0]), null))
                .as("a result of another query is refused, not read as 'no counterpart'")
                .isInstanceOf(IOException.class).hasMessageContaining("lacks the row_id");
    }
}
