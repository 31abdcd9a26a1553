/** The local copy of the AAVSO VSX catalogue (CDS B/vsx) used by the S5 stage: file readers, import, cone search. */
package org.vasco.veto.vsx;
