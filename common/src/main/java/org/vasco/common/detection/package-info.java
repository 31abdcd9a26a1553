/**
 * A SExtractor pass-2 detection with the columns of SPEC §5.4, and those columns under their SExtractor names in
 * catalogue order: the layout the xmatch and veto steps write for each candidate. Pure data: no Kafka, JDBC or files.
 */
package org.vasco.common.detection;
