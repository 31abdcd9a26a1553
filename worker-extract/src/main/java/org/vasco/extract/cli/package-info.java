/** The {@code vasco extract} command: the extraction pipeline on a local FITS file, without any cluster. */
package org.vasco.extract.cli;
