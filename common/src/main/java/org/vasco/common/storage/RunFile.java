package org.vasco.common.storage;

import java.nio.file.Path;

/**
 * The files of a run's bundle ({@link RunArtefacts}): what a finalised run leaves for people and tools once the
 * cluster is gone, like the reference's frozen release directory. The coordinator writes every file but
 * {@link #RECOVERY}, which only a demo run has (its injection–recovery figures). Each constant says what it holds.
 */
public enum RunFile {

    /** Every S0 row of the run (representatives and the duplicates merged into them, marked by duplicate_of), CSV. */
    CANDIDATES_CSV("candidates.csv"),
    /** The same rows as VOTable 1.4. */
    CANDIDATES_VOTABLE("candidates.vot"),
    /** The same rows as JSON, losslessly: what {@code vasco candidates} and {@code vasco report} read back. */
    CANDIDATES_JSON("candidates.json"),
    /** The final candidates (S0 representatives no post stage rejected), CSV. */
    FINAL_CSV("final_candidates.csv"),
    /** The final candidates as VOTable 1.4. */
    FINAL_VOTABLE("final_candidates.vot"),
    /** Every post stage's verdict on every S0 row: stage, src_id, verdict, reason, details. */
    STAGE_VERDICTS("stage_verdicts.csv"),
    /** Every post stage's ledger: parameters, fingerprint, rows in, rejected, kept, totals. */
    STAGE_LEDGERS("stage_ledgers.json"),
    /** The funnel per run and per plate as {@code vasco report} prints it. */
    FUNNEL_TEXT("funnel.txt"),
    /** The funnel per run and per plate as {@code vasco report --json} prints it. */
    FUNNEL_JSON("funnel.json"),
    /** Every tile of the run: its final state and reason, and its quality figures. */
    TILE_COVERAGE("tile_coverage.csv"),
    /** Every tile step's start and finish: the run's progress over time. */
    STEP_TIMELINE("step_timeline.csv"),
    /** Code version, run mode, settings, tool versions, catalogue sources. */
    PROVENANCE("provenance.json"),
    /** The run report: charts, tables and links, one self-contained HTML file. */
    REPORT("report.html"),
    /**
     * Every review verdict of the run's candidates (the review page's decisions, latest marked), CSV; rewritten with
     * the bundle when a reviewer asks the review page to write the reviews into it.
     */
    REVIEWS("reviews.csv"),
    /** A demo run's injection–recovery figures. */
    RECOVERY("recovery.json"),
    /** The SHA-256 of every other file, in {@code sha256sum} format ({@code sha256sum -c SHA256SUMS} checks them). */
    CHECKSUMS("SHA256SUMS");

    private final String fileName;

    RunFile(String fileName) {
        this.fileName = fileName;
    }

    public String fileName() {
        return fileName;
    }

    /** The file in a bundle directory. */
    public Path in(Path bundle) {
        return bundle.resolve(fileName);
    }
}
