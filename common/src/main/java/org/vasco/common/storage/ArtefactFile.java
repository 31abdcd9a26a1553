package org.vasco.common.storage;

import java.nio.file.Path;

/**
 * The name of every file one step leaves for another (or for the user), the same in a tile's area of the shared
 * storage ({@link TileArtefacts}) and in the output directory of {@code vasco extract} and {@code vasco process}
 * ({@link #in(Path)}), so a local run and a cluster run compare file for file. The reference's names where it has
 * them. Each constant says who writes the file and who reads it.
 */
public enum ArtefactFile {

    /** SExtractor pass 1's catalogue (FITS_LDAC): written by the extract step, read by PSFEx. */
    PASS1_CATALOGUE("pass1.ldac"),
    /** PSFEx's model, named by PSFEx after the pass-1 catalogue: written by the extract step, read by the measure step. */
    PSF_MODEL("pass1.psf"),
    /**
     * SExtractor pass 2's catalogue (FITS_LDAC) with every SPEC §5.4 column: written by the extract step of the full
     * path or by the measure step of the fast path; read by the xmatch (full path) and veto steps.
     */
    PASS2_CATALOGUE("pass2.ldac"),
    /** The fast path's position pass (FITS_LDAC, position columns only): written by the extract step, read by xmatch and veto. */
    POSITIONS_CATALOGUE("positions.ldac"),
    /** The pass-2 detections as CSV: written by {@code vasco extract} and {@code vasco process} only. */
    DETECTIONS("detections.csv"),
    /** The catalogue veto's survivors ({@code NUMBER,X_IMAGE,Y_IMAGE}): written by the xmatch step, read by the measure step. */
    VETO_SURVIVORS("veto_survivors.csv"),
    /** The position-pass detections S0M can pick as PSF stars, same format: written by the fast path's xmatch step, read by measure. */
    PSF_REFERENCE("psf_reference.csv"),
    /** The reference's {@code sextractor_pass2.filtered.csv}: written by {@code vasco process} (in the cluster the candidates). */
    SURVIVORS("survivors.csv"),
    /** Every detection a cut removed, with the cut and its reasons: written by the xmatch step and {@code vasco process}. */
    REJECTED("rejected.csv"),
    /** The catalogue veto's matched pairs (the reference's {@code sex_<cat>_xmatch.csv} in one file): written by xmatch. */
    VETO_PAIRS("veto_pairs.csv"),
    /** The high-proper-motion flags: written by the xmatch step and {@code vasco process}. */
    HPM_FLAGGED("hpm_flagged.csv"),
    /** The tile's counters as the reference's {@code MNRAS_SUMMARY.json} (a flat object): written by xmatch and process. */
    SUMMARY("summary.json"),
    /** The survivors both pixel post stages (S0M, S0S) keep, with their verdict columns: written by {@code vasco process}. */
    CANDIDATES("candidates.csv");

    private final String fileName;

    ArtefactFile(String fileName) {
        this.fileName = fileName;
    }

    /** The bare file name, as the tools are told it when they run in a scratch directory. */
    public String fileName() {
        return fileName;
    }

    /** The file in {@code directory}: a tile's area, a scratch directory, or a local command's output directory. */
    public Path in(Path directory) {
        return directory.resolve(fileName);
    }
}
