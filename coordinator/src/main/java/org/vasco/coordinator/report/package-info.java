/**
 * The run report: {@link org.vasco.coordinator.report.RunCharts} (the charts, JFreeChart drawn into SVG),
 * {@link org.vasco.coordinator.report.RunReportPage} (one self-contained HTML page, served at {@code /runs/<run>} and
 * written into the run's bundle as {@code report.html}) and {@link org.vasco.coordinator.report.ReportRoutes} (the
 * coordinator's route).
 */
package org.vasco.coordinator.report;
