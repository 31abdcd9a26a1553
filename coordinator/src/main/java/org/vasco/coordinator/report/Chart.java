package org.vasco.coordinator.report;

/**
 * One chart of the run report, drawn as SVG.
 *
 * @param id      the chart's element id on the page
 * @param title   what it shows
 * @param caption how to read it
 * @param svg     the drawing, a standalone {@code <svg>} element
 * @param points  how many data items it draws (bars, points, steps): zero means it has nothing to show
 */
public record Chart(String id, String title, String caption, String svg, int points) {
}
