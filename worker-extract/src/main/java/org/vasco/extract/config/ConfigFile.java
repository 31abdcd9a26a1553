package org.vasco.extract.config;

/** The configuration files of SPEC §5, bundled under {@code org/vasco/extract/config/}, with the names the tools look for. */
public enum ConfigFile {
    /** SExtractor pass 1 (SPEC §5.2). */
    SEX_PASS1("sex_pass1.sex"),
    /** Pass-1 output parameters, including VIGNET(45,45) and FLUX/FLUXERR_APER(1) for PSFEx (SPEC §5.4). */
    PARAM_PASS1("sex_default.param"),
    /** SExtractor pass 2 (SPEC §5.3). */
    SEX_PASS2("sex_pass2.sex"),
    /** Pass-2 output parameters (SPEC §5.4). */
    PARAM_PASS2("default.param"),
    /**
     * The fast path's position pass (issue 10 item 1a): position columns only, so no PSF is needed and
     * nothing is fitted. X/Y_WORLD are kept because the circle cut falls back to them (after
     * ALPHAWIN/DELTAWIN and ALPHA/DELTA) like on a pass-2 row.
     */
    PARAM_POSITIONS("positions.param"),
    /** PSFEx (SPEC §5.5). */
    PSFEX("psfex.conf"),
    /** The 3×3 detection filter of pass 2. */
    FILTER("default.conv"),
    /** Star/galaxy neural-network weights (only CLASS_STAR depends on them); see the NOTICE beside it. */
    STARNNW("default.nnw");

    private final String fileName;

    ConfigFile(String fileName) {
        this.fileName = fileName;
    }

    public String fileName() {
        return fileName;
    }

    String resource() {
        return "/org/vasco/extract/config/" + fileName;
    }
}
