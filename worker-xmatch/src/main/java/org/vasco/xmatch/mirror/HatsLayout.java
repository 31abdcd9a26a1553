package org.vasco.xmatch.mirror;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import org.vasco.common.sky.healpix.HealpixCone;
import org.vasco.common.sky.healpix.NestedHealpix;

/**
 * A HATS catalogue (the format of LSDB; STScI publishes PS1 DR2 this way): {@code properties},
 * {@code partition_info.csv} listing every partition as (Norder, Npix) at adaptive orders, and the rows in
 * {@code dataset/Norder=<k>/Dir=<d>/Npix=<n>.parquet} ({@code d = n / 10000 * 10000}; a leaf may also be a
 * directory of Parquet files). A HATS collection ({@code collection.properties}) is followed to its primary table.
 * The partitions of every order that touch the cone are read; the cone must be covered by partitions (a region
 * with none is a missing pixel, except PS1 south of its sky). Margin caches are not needed: a cone reads whole
 * partitions, so no row near a partition edge is lost.
 */
public final class HatsLayout implements MirrorLayout {

    private final MirrorFiles files;
    private final MirrorSchema schema;
    private final String root;
    private final String data;
    private final Map<Integer, Set<Long>> partitions;
    private final int maxOrder;

    private HatsLayout(MirrorFiles files, MirrorSchema schema, String root, String data, Map<Integer, Set<Long>> partitions) {
        this.files = files;
        this.schema = schema;
        this.root = root;
        this.data = data;
        this.partitions = partitions;
        this.maxOrder = partitions.keySet().stream().mapToInt(Integer::intValue).max().orElse(0);
    }

    static HatsLayout open(MirrorFiles files, MirrorSchema schema) throws MirrorException {
        String root = primaryTable(files);
        Path info = files.file(root + "partition_info.csv").orElseThrow(() -> notHats(files, root + "partition_info.csv is missing"));
        Map<Integer, Set<Long>> partitions = new TreeMap<>();
        try {
            List<String> lines = Files.readAllLines(info, StandardCharsets.UTF_8);
            if (lines.isEmpty()) {
                throw notHats(files, root + "partition_info.csv is empty");
            }
            List<String> header = Arrays.stream(lines.get(0).split(",")).map(String::trim).toList();
            int norder = header.indexOf("Norder");
            int npix = header.indexOf("Npix");
            if (norder < 0 || npix < 0) {
                throw notHats(files, root + "partition_info.csv has header " + header + ", expected Norder and Npix columns");
            }
            for (int i = 1; i < lines.size(); i++) {
                if (lines.get(i).isBlank()) {
                    continue;
                }
                String[] cells = lines.get(i).split(",");
                try {
                    int order = Integer.parseInt(cells[norder].trim());
                    long pixel = Long.parseLong(cells[npix].trim());
                    new NestedHealpix(order);
                    partitions.computeIfAbsent(order, k -> new HashSet<>()).add(pixel);
                } catch (RuntimeException e) {
                    throw notHats(files, root + "partition_info.csv line " + (i + 1) + " '" + lines.get(i) + "' is not Norder,Npix");
                }
            }
        } catch (IOException e) {
            throw new MirrorException(MirrorException.Problem.UNREACHABLE, "cannot read " + info + ": " + e.getMessage(), e);
        }
        if (partitions.isEmpty()) {
            throw notHats(files, root + "partition_info.csv lists no partition");
        }
        String data = files.list(root.isEmpty() ? "" : root.substring(0, root.length() - 1)).contains("dataset") ? root + "dataset/" : root;
        return new HatsLayout(files, schema, root, data, partitions);
    }

    /** "" for a catalogue, or "<primary table>/" for a HATS collection. */
    private static String primaryTable(MirrorFiles files) throws MirrorException {
        List<String> top = files.list("");
        if (top.contains("partition_info.csv") || !top.contains("collection.properties")) {
            return "";
        }
        Properties collection = properties(files, "collection.properties");
        String primary = collection.getProperty("hats_primary_table_url", "").trim();
        if (primary.isEmpty() || primary.contains("..") || primary.contains("://")) {
            throw notHats(files, "collection.properties names no primary table (hats_primary_table_url)");
        }
        return primary.endsWith("/") ? primary : primary + "/";
    }

    /** Partitions by order, for the builder. */
    public Map<Integer, Set<Long>> partitions() {
        return partitions;
    }

    /** The files of one partition (a leaf file, or the Parquet files of a leaf directory). */
    public List<Path> partitionFiles(int order, long pixel) throws MirrorException {
        String base = data + "Norder=" + order + "/Dir=" + (pixel / 10000 * 10000) + "/Npix=" + pixel;
        var leaf = files.file(base + ".parquet");
        if (leaf.isPresent()) {
            return List.of(leaf.get());
        }
        List<Path> out = new ArrayList<>();
        for (String name : files.list(base)) {
            if (name.endsWith(".parquet")) {
                out.add(files.file(base + "/" + name).orElseThrow());
            }
        }
        if (out.isEmpty()) {
            throw new MirrorException(MirrorException.Problem.MISSING_PIXEL, "the HATS " + schema.label() + " catalogue "
                    + files.describe() + " lists partition Norder=" + order + " Npix=" + pixel + " in partition_info.csv but "
                    + base + ".parquet is not there");
        }
        return out;
    }

    @Override
    public List<Path> files(double raDeg, double decDeg, double radiusDeg) throws MirrorException {
        Map<Integer, Set<Long>> touched = new HashMap<>();
        for (Map.Entry<Integer, Set<Long>> order : partitions.entrySet()) {
            for (long pixel : HealpixCone.pixels(new NestedHealpix(order.getKey()), raDeg, decDeg, radiusDeg + PIXEL_MARGIN_ARCMIN / 60)) {
                if (order.getValue().contains(pixel)) {
                    touched.computeIfAbsent(order.getKey(), k -> new HashSet<>()).add(pixel);
                }
            }
        }
        requireCovered(raDeg, decDeg, radiusDeg + PIXEL_MARGIN_ARCMIN / 60);
        List<Path> out = new ArrayList<>();
        for (Map.Entry<Integer, Set<Long>> order : new TreeMap<>(touched).entrySet()) {
            for (long pixel : order.getValue().stream().sorted().toList()) {
                out.addAll(partitionFiles(order.getKey(), pixel));
            }
        }
        return out;
    }

    /** Every pixel of the deepest order inside the cone must lie in some partition. */
    private void requireCovered(double raDeg, double decDeg, double radiusDeg) throws MirrorException {
        NestedHealpix deepest = new NestedHealpix(maxOrder);
        for (long pixel : HealpixCone.pixels(deepest, raDeg, decDeg, radiusDeg)) {
            boolean covered = false;
            for (Map.Entry<Integer, Set<Long>> order : partitions.entrySet()) {
                if (order.getValue().contains(pixel >>> (2 * (maxOrder - order.getKey())))) {
                    covered = true;
                    break;
                }
            }
            if (!covered && !MirrorLayout.southOfPs1(schema, deepest, pixel)) {
                throw new MirrorException(MirrorException.Problem.MISSING_PIXEL, "the HATS " + schema.label() + " catalogue "
                        + files.describe() + " has no partition covering HEALPix order-" + maxOrder + " pixel " + pixel
                        + ", which the cone touches (partition_info.csv lists " + count() + " partitions)");
            }
        }
    }

    private int count() {
        return partitions.values().stream().mapToInt(Set::size).sum();
    }

    private static Properties properties(MirrorFiles files, String name) throws MirrorException {
        Path file = files.file(name).orElseThrow(() -> notHats(files, name + " is missing"));
        Properties p = new Properties();
        try (var in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(in);
        } catch (IOException e) {
            throw new MirrorException(MirrorException.Problem.UNREACHABLE, "cannot read " + file + ": " + e.getMessage(), e);
        }
        return p;
    }

    private static MirrorException notHats(MirrorFiles files, String why) {
        return new MirrorException(MirrorException.Problem.NOT_A_MIRROR, files.describe() + " is not a HATS catalogue: " + why);
    }

    @Override
    public String describe() {
        return schema.label() + " HATS catalogue " + files.describe() + (root.isEmpty() ? "" : " (" + root + ")") + ", "
                + count() + " partitions at orders " + partitions.keySet();
    }
}
