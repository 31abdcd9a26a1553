package org.vasco.coordinator.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Rectangle;
import java.io.IOException;
import java.text.DecimalFormat;
import java.text.FieldPosition;
import java.text.NumberFormat;
import java.text.ParsePosition;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYPolygonAnnotation;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.block.BlockBorder;
import org.jfree.chart.labels.StandardCategoryItemLabelGenerator;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.StandardXYBarPainter;
import org.jfree.chart.renderer.xy.XYBarRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.statistics.HistogramDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.svg.SVGGraphics2D;
import org.vasco.common.plate.Plate;
import org.vasco.common.plate.PlateCatalogue;
import org.vasco.common.summary.FunnelCounter;
import org.vasco.coordinator.finalise.Funnel;
import org.vasco.coordinator.finalise.FunnelText;
import org.vasco.coordinator.finalise.RunCandidate;
import org.vasco.coordinator.finalise.RunResults;
import org.vasco.coordinator.json.ApiJson;
import org.vasco.coordinator.run.ProgressTimeline;

/**
 * The run report's charts, drawn with JFreeChart into SVG (JFreeSVG): the funnel, the candidates on the sky over the
 * tiles and plates, the quality of the tiles (detections, PSF FWHM, WCSFIX), the SNR of the survivors, what the late
 * cuts and the post stages removed, and the progress of the run's steps over time. A chart with nothing to draw
 * says so in its plot and reports zero points. Stateless and thread-safe.
 */
public final class RunCharts {

    static final int WIDTH = 720;
    static final int HEIGHT = 400;
    private static final String SNR_COLUMN = "SNR_WIN";
    /** A POSS-I plate's side when its catalogue entry has no size: 6.5°. */
    private static final double PLATE_SIDE_DEG = 6.5;
    private static final Color INK = new Color(0x22, 0x22, 0x22);

    /** The late filters and the spike cut, in the order they run, with their chart labels. */
    private static final Map<FunnelCounter, String> TILE_CUTS = tileCuts();

    private final PlateCatalogue plates;

    private static Map<FunnelCounter, String> tileCuts() {
        Map<FunnelCounter, String> cuts = new LinkedHashMap<>();
        cuts.put(FunnelCounter.LATE_REJECT_FLAGS, "flags");
        cuts.put(FunnelCounter.LATE_REJECT_SNR, "SNR");
        cuts.put(FunnelCounter.LATE_REJECT_SIGMA_CLIP_FWHM, "σ-clip FWHM");
        cuts.put(FunnelCounter.LATE_REJECT_SIGMA_CLIP_ELONGATION, "σ-clip elongation");
        cuts.put(FunnelCounter.LATE_REJECT_SPREAD_MODEL, "spread model");
        cuts.put(FunnelCounter.LATE_REJECT_FWHM, "FWHM");
        cuts.put(FunnelCounter.LATE_REJECT_ELONGATION, "elongation");
        cuts.put(FunnelCounter.LATE_REJECT_EXTENT_MIN, "extent min");
        cuts.put(FunnelCounter.LATE_REJECT_EXTENT_DELTA, "extent delta");
        cuts.put(FunnelCounter.SPIKES_REJECTED, "spike cut");
        return cuts;
    }

    public RunCharts(PlateCatalogue plates) {
        this.plates = plates;
    }

    /** Every chart of a finalised run's report, in page order. */
    public List<Chart> all(RunResults r, ProgressTimeline progress) {
        return List.of(funnel(r.funnel()), skyMap(r), detections(r.tiles()), psfFwhm(r.tiles()), wcsfix(r.tiles()),
                snr(r.candidates()), lateCuts(r.tiles()), postStages(r), progress(progress));
    }

    /** The run's funnel as horizontal bars, one per row of {@code vasco report}. */
    public Chart funnel(Funnel f) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (FunnelText.Row row : FunnelText.rows(f, f.run())) {
            data.addValue(row.count(), "rows", row.label());
        }
        JFreeChart chart = ChartFactory.createBarChart(null, null, "rows", data, PlotOrientation.HORIZONTAL, false, false, false);
        CategoryPlot plot = chart.getCategoryPlot();
        BarRenderer renderer = (BarRenderer) plot.getRenderer();
        renderer.setBarPainter(new StandardBarPainter());
        renderer.setSeriesPaint(0, new Color(0x3b, 0x6e, 0xa8));
        renderer.setDefaultItemLabelGenerator(new StandardCategoryItemLabelGenerator());
        renderer.setDefaultItemLabelsVisible(true);
        return draw("chart-funnel", "Funnel", "From detections inside the 30′ circle to the final candidates, the whole run"
                + " (the numbers of vasco report).", chart, data.getColumnCount(), HEIGHT + 60);
    }

    /**
     * RA (increasing to the left, as on the sky) against Dec: the tiles' footprints shaded by their final state, the
     * plates' outlines, the S0 rows a post stage rejected and the final candidates.
     */
    public Chart skyMap(RunResults r) {
        double reference = r.tiles().isEmpty() ? 180.0 : r.tiles().get(0).raDeg();
        XYSeriesCollection data = new XYSeriesCollection();
        XYSeries finals = new XYSeries("final candidates", false, true);
        XYSeries rejected = new XYSeries("rejected by a post stage", false, true);
        List<String> stages = r.stages();
        for (RunCandidate c : r.candidates()) {
            if (!c.inS0()) {
                continue;
            }
            (c.survives(stages, null) ? finals : rejected).add(unwrap(c.raDeg(), reference), c.decDeg());
        }
        data.addSeries(finals);
        data.addSeries(rejected);
        JFreeChart chart = ChartFactory.createScatterPlot(null, "RA (°)", "Dec (°)", data, PlotOrientation.VERTICAL,
                true, false, false);
        XYPlot plot = chart.getXYPlot();
        XYLineAndShapeRenderer renderer = (XYLineAndShapeRenderer) plot.getRenderer();
        renderer.setSeriesPaint(0, new Color(0xc0, 0x20, 0x20));
        renderer.setSeriesPaint(1, new Color(0x88, 0x88, 0x88));
        double minRa = Double.POSITIVE_INFINITY;
        double maxRa = Double.NEGATIVE_INFINITY;
        double minDec = Double.POSITIVE_INFINITY;
        double maxDec = Double.NEGATIVE_INFINITY;
        Map<String, Plate> seen = new LinkedHashMap<>();
        for (RunResults.TileRecord t : r.tiles()) {
            double half = 0.5;
            double cos = Math.max(0.05, Math.cos(Math.toRadians(t.decDeg())));
            double ra = unwrap(t.raDeg(), reference);
            Color fill = switch (t.state()) {
                case "DONE" -> new Color(0x3b, 0x6e, 0xa8, 0x40);
                case "SKIPPED" -> new Color(0xa0, 0xa0, 0xa0, 0x50);
                default -> new Color(0xd0, 0x60, 0x20, 0x60);
            };
            plot.addAnnotation(new XYPolygonAnnotation(box(ra, t.decDeg(), half / cos, half), new BasicStroke(0.5f),
                    new Color(0x3b, 0x6e, 0xa8), fill));
            minRa = Math.min(minRa, ra - half / cos);
            maxRa = Math.max(maxRa, ra + half / cos);
            minDec = Math.min(minDec, t.decDeg() - half);
            maxDec = Math.max(maxDec, t.decDeg() + half);
            plates.find(t.plateId()).ifPresent(p -> seen.putIfAbsent(p.plateId(), p));
        }
        for (Plate p : seen.values()) {
            double side = p.naxis1() > 0 && p.xPixelSizeMicron() > 0 && p.plateScale() > 0
                    ? p.naxis1() * p.xPixelSizeMicron() / 1000.0 * p.plateScale() / 3600.0 : PLATE_SIDE_DEG;
            double cos = Math.max(0.05, Math.cos(Math.toRadians(p.decDeg())));
            double ra = unwrap(p.raDeg(), reference);
            minRa = Math.min(minRa, ra - side / 2 / cos);
            maxRa = Math.max(maxRa, ra + side / 2 / cos);
            minDec = Math.min(minDec, p.decDeg() - side / 2);
            maxDec = Math.max(maxDec, p.decDeg() + side / 2);
            plot.addAnnotation(new XYPolygonAnnotation(box(ra, p.decDeg(), side / 2 / cos, side / 2),
                    new BasicStroke(1.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f),
                    INK, null));
        }
        NumberAxis raAxis = (NumberAxis) plot.getDomainAxis();
        raAxis.setInverted(true);
        raAxis.setNumberFormatOverride(new RightAscension());
        if (Double.isFinite(minRa)) {
            double padRa = Math.max(0.2, (maxRa - minRa) * 0.05);
            double padDec = Math.max(0.2, (maxDec - minDec) * 0.05);
            raAxis.setRange(minRa - padRa, maxRa + padRa);
            plot.getRangeAxis().setRange(minDec - padDec, maxDec + padDec);
        }
        return draw("chart-sky", "Candidates on the sky", "Tiles shaded by final state (blue done, orange failed, grey"
                + " skipped), their plates dashed; red the final candidates, grey the S0 rows a post stage rejected.",
                chart, r.tiles().size() + finals.getItemCount() + rejected.getItemCount(), HEIGHT + 80);
    }

    /** Detections read by the cross-match per done tile (pass 2, or the fast path's position pass). */
    public Chart detections(List<RunResults.TileRecord> tiles) {
        return histogram("chart-detections", "Detections per tile", "Pass-2 detections (the fast path's position pass)"
                        + " each done tile gave the cross-match.", "detections",
                tileValues(tiles, t -> counter(t, FunnelCounter.DETECTIONS_IN)));
    }

    /** The PSF model's FWHM per tile. */
    public Chart psfFwhm(List<RunResults.TileRecord> tiles) {
        return histogram("chart-psf", "PSF FWHM", "The PSFEx model's FWHM of each extracted tile.", "FWHM (px)",
                tileValues(tiles, t -> Optional.ofNullable(t.psfFwhmPx())));
    }

    /** Each tile's WCSFIX residual σ against its tie points. */
    public Chart wcsfix(List<RunResults.TileRecord> tiles) {
        XYSeries applied = new XYSeries("WCSFIX applied", false, true);
        XYSeries notApplied = new XYSeries("not applied", false, true);
        for (RunResults.TileRecord t : tiles) {
            if (t.tiePoints() != null && t.wcsfixSigmaArcsec() != null) {
                (Boolean.TRUE.equals(t.wcsfixOk()) ? applied : notApplied).add(t.tiePoints().doubleValue(), t.wcsfixSigmaArcsec());
            }
        }
        XYSeriesCollection data = new XYSeriesCollection();
        data.addSeries(applied);
        data.addSeries(notApplied);
        JFreeChart chart = ChartFactory.createScatterPlot(null, "tie points", "σ (″)", data, PlotOrientation.VERTICAL,
                true, false, false);
        return draw("chart-wcsfix", "WCSFIX", "Per tile, the Gaia tie points of the astrometric correction and its clipped"
                + " residual σ.", chart, applied.getItemCount() + notApplied.getItemCount(), HEIGHT);
    }

    /** SNR_WIN of the tiles' survivors. */
    public Chart snr(List<RunCandidate> candidates) {
        List<Double> values = new ArrayList<>();
        for (RunCandidate c : candidates) {
            snrOf(c).ifPresent(values::add);
        }
        return histogram("chart-snr", "SNR of the survivors", "SNR_WIN of every survivor of the tiles (S0 rows).", "SNR_WIN",
                values);
    }

    private static Optional<Double> snrOf(RunCandidate c) {
        String m = c.measurements();
        if (m == null) {
            return Optional.empty();
        }
        try {
            JsonNode node = ApiJson.MAPPER.readTree(m).get(SNR_COLUMN);
            return node != null && node.isNumber() ? Optional.of(node.asDouble()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** What each late filter and the spike cut removed, summed over the done tiles. */
    public Chart lateCuts(List<RunResults.TileRecord> tiles) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        int points = 0;
        for (Map.Entry<FunnelCounter, String> cut : TILE_CUTS.entrySet()) {
            FunnelCounter counter = cut.getKey();
            long sum = 0;
            boolean any = false;
            for (RunResults.TileRecord t : tiles) {
                if (t.state().equals("DONE") && t.counters().get(counter.key()) != null) {
                    sum += t.counters().get(counter.key()).longValue();
                    any = true;
                }
            }
            if (any) {
                data.addValue(sum, "removed", cut.getValue());
                points++;
            }
        }
        JFreeChart chart = ChartFactory.createBarChart(null, null, "rows removed", data, PlotOrientation.HORIZONTAL,
                false, false, false);
        style((BarRenderer) chart.getCategoryPlot().getRenderer(), new Color(0xd0, 0x60, 0x20));
        return draw("chart-late", "Late filters and spike cut", "Rows each late filter (flags, SNR, σ-clips, spread model,"
                + " FWHM, elongation, extent) and the bright-star spike cut removed, over the done tiles.", chart, points, HEIGHT);
    }

    /** Per post stage, in release order, its verdicts on the S0 rows it judged. */
    public Chart postStages(RunResults r) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        int points = 0;
        for (String stage : r.stages()) {
            Map<String, Integer> counts = new LinkedHashMap<>(Map.of("REJECT", 0, "FLAG", 0, "KEEP", 0));
            for (RunCandidate c : r.candidates()) {
                RunCandidate.Verdict v = c.inS0() ? c.verdicts().get(stage) : null;
                if (v != null) {
                    counts.merge(v.verdict(), 1, Integer::sum);
                }
            }
            for (String verdict : List.of("REJECT", "FLAG", "KEEP")) {
                data.addValue(counts.getOrDefault(verdict, 0), verdict, stage);
            }
            points++;
        }
        JFreeChart chart = ChartFactory.createStackedBarChart(null, null, "S0 rows", data, PlotOrientation.HORIZONTAL,
                true, false, false);
        BarRenderer renderer = (BarRenderer) chart.getCategoryPlot().getRenderer();
        renderer.setBarPainter(new StandardBarPainter());
        renderer.setShadowVisible(false);
        renderer.setSeriesPaint(0, new Color(0xc0, 0x20, 0x20));
        renderer.setSeriesPaint(1, new Color(0xe0, 0xa0, 0x20));
        renderer.setSeriesPaint(2, new Color(0x40, 0x90, 0x40));
        return draw("chart-stages", "Post stages", "Each post stage's verdicts on the S0 rows, in release order: what it"
                + " rejected, flagged and kept.", chart, points, HEIGHT);
    }

    /** Tiles through each step over time since submission. */
    public Chart progress(ProgressTimeline timeline) {
        XYSeriesCollection data = new XYSeriesCollection();
        int points = 0;
        for (Map.Entry<String, List<Instant>> step : timeline.steps().entrySet()) {
            XYSeries series = new XYSeries(step.getKey(), true, true);
            series.add(0.0, 0.0);
            int n = 0;
            for (Instant at : step.getValue()) {
                series.add(minutes(timeline.start(), at), ++n);
            }
            points += n;
            data.addSeries(series);
        }
        JFreeChart chart = ChartFactory.createXYStepChart(null, null, "tiles", data, PlotOrientation.VERTICAL, true,
                false, false);
        // the factory's time axis would read minutes as milliseconds since 1970
        chart.getXYPlot().setDomainAxis(new NumberAxis("minutes since submission"));
        chart.getXYPlot().getRangeAxis().setUpperBound(Math.max(1, timeline.tiles()) * 1.05);
        return draw("chart-progress", "Progress", "Tiles through each step (done, failed or skipped) over time, of "
                + timeline.tiles() + ".", chart, points, HEIGHT);
    }

    private static double minutes(Instant start, Instant at) {
        return Duration.between(start, at).toMillis() / 60000.0;
    }

    private interface TileValue {
        Optional<? extends Number> of(RunResults.TileRecord t);
    }

    private static List<Double> tileValues(List<RunResults.TileRecord> tiles, TileValue value) {
        List<Double> values = new ArrayList<>();
        for (RunResults.TileRecord t : tiles) {
            value.of(t).ifPresent(v -> values.add(v.doubleValue()));
        }
        return values;
    }

    private static Optional<Number> counter(RunResults.TileRecord t, FunnelCounter counter) {
        return t.state().equals("DONE") ? Optional.ofNullable(t.counters().get(counter.key())) : Optional.empty();
    }

    private static Chart histogram(String id, String title, String caption, String axis, List<Double> values) {
        HistogramDataset data = new HistogramDataset();
        if (!values.isEmpty()) {
            double[] v = values.stream().mapToDouble(Double::doubleValue).toArray();
            double min = values.stream().mapToDouble(Double::doubleValue).min().orElse(0);
            double max = values.stream().mapToDouble(Double::doubleValue).max().orElse(0);
            int bins = (int) Math.max(1, Math.min(30, Math.ceil(Math.sqrt(v.length))));
            if (min == max) {
                data.addSeries(axis, v, 1, min - 0.5, max + 0.5);
            } else {
                data.addSeries(axis, v, bins);
            }
        }
        JFreeChart chart = ChartFactory.createHistogram(null, axis, "count", data, PlotOrientation.VERTICAL, false, false, false);
        XYBarRenderer renderer = (XYBarRenderer) chart.getXYPlot().getRenderer();
        renderer.setBarPainter(new StandardXYBarPainter());
        renderer.setShadowVisible(false);
        renderer.setSeriesPaint(0, new Color(0x3b, 0x6e, 0xa8));
        renderer.setDrawBarOutline(true);
        return draw(id, title, caption, chart, values.size(), HEIGHT);
    }

    private static void style(BarRenderer renderer, Color colour) {
        renderer.setBarPainter(new StandardBarPainter());
        renderer.setShadowVisible(false);
        renderer.setSeriesPaint(0, colour);
    }

    private static Chart draw(String id, String title, String caption, JFreeChart chart, int points, int height) {
        chart.setBackgroundPaint(Color.WHITE);
        chart.getPlot().setBackgroundPaint(new Color(0xfa, 0xfa, 0xfa));
        chart.getPlot().setNoDataMessage("no data");
        chart.getPlot().setNoDataMessageFont(new Font(Font.SANS_SERIF, Font.PLAIN, 16));
        if (chart.getLegend() != null) {
            chart.getLegend().setFrame(BlockBorder.NONE);
        }
        SVGGraphics2D g = new SVGGraphics2D(WIDTH, height);
        // fixed ids inside the SVG, so the same results always give the same file
        g.setDefsKeyPrefix(id);
        chart.draw(g, new Rectangle(0, 0, WIDTH, height));
        return new Chart(id, title, caption, g.getSVGElement(), points);
    }

    private static double[] box(double ra, double dec, double halfRa, double halfDec) {
        return new double[] {ra - halfRa, dec - halfDec, ra + halfRa, dec - halfDec, ra + halfRa, dec + halfDec,
                ra - halfRa, dec + halfDec};
    }

    /** RA moved by whole turns to within 180° of {@code reference}, so a run across 0h plots as one patch. */
    static double unwrap(double ra, double reference) {
        double d = ra - reference;
        d -= 360.0 * Math.rint(d / 360.0);
        return reference + d;
    }

    /** Axis labels of unwrapped right ascensions, back in [0, 360). */
    private static final class RightAscension extends NumberFormat {
        private final DecimalFormat decimal = new DecimalFormat("0.#");

        @Override
        public StringBuffer format(double number, StringBuffer toAppendTo, FieldPosition pos) {
            double ra = number % 360.0;
            return decimal.format(ra < 0 ? ra + 360.0 : ra, toAppendTo, pos);
        }

        @Override
        public StringBuffer format(long number, StringBuffer toAppendTo, FieldPosition pos) {
            return format((double) number, toAppendTo, pos);
        }

        @Override
        public Number parse(String source, ParsePosition parsePosition) {
            return decimal.parse(source, parsePosition);
        }
    }
}
