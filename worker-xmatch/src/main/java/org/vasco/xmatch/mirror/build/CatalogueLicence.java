package org.vasco.xmatch.mirror.build;

import org.vasco.xmatch.mirror.MirrorSchema;

/** The licence and the credit each catalogue asks for, written as a mirror's {@code LICENSE.txt}. */
final class CatalogueLicence {

    private CatalogueLicence() {
    }

    static String text(MirrorSchema schema) {
        return switch (schema) {
            case GAIA -> """
                    Gaia Data Release 3 (Gaia Collaboration, Vallenari et al. 2023, A&A 674, A1).
                    Licence: Creative Commons Attribution 4.0 International (CC BY 4.0),
                    https://www.cosmos.esa.int/web/gaia-users/license

                    Credit as the licence asks: This work has made use of data from the European Space Agency (ESA)
                    mission Gaia (https://www.cosmos.esa.int/gaia), processed by the Gaia Data Processing and Analysis
                    Consortium (DPAC, https://www.cosmos.esa.int/web/gaia/dpac/consortium). Funding for the DPAC has been
                    provided by national institutions, in particular the institutions participating in the Gaia
                    Multilateral Agreement.

                    This mirror holds a subset of the columns of gaia_source (positions at epoch J2016.0, proper
                    motions, G, BP and RP magnitudes, parallax), repartitioned by HEALPix order-5 pixel.
                    """;
            case PS1 -> """
                    Pan-STARRS1 Data Release 2 (Chambers et al. 2016, arXiv:1612.05560; Flewelling et al. 2020,
                    ApJS 251, 7), distributed by the Mikulski Archive for Space Telescopes (MAST) at STScI and, as
                    catalogue II/389, by CDS VizieR. The PS1 data are public; please acknowledge them as MAST asks:
                    The Pan-STARRS1 Surveys (PS1) and the PS1 public science archive have been made possible through
                    contributions by the Institute for Astronomy, the University of Hawaii, the Pan-STARRS Project
                    Office, the Max-Planck Society and its participating institutes, and their partners
                    (https://outerspace.stsci.edu/display/PANSTARRS/).

                    This mirror holds objID, mean positions, nDetections and the five mean PSF magnitudes
                    (-999 where PS1 has no measurement), repartitioned by HEALPix order-5 pixel.
                    """;
            case USNOB -> """
                    USNO-B1.0 (Monet et al. 2003, AJ 125, 984), as catalogue I/284 of CDS VizieR.
                    The catalogue is in the public domain; cite Monet et al. 2003 and acknowledge VizieR
                    (Ochsenbein, Bauer & Marcout 2000, A&AS 143, 23) when it was read there.

                    This mirror holds the designation, J2000.0 positions, the five photographic magnitudes and the
                    proper motions, repartitioned by HEALPix order-5 pixel.
                    """;
        };
    }
}
