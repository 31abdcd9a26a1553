package org.vasco.common.catalog;

import java.nio.charset.StandardCharsets;
import java.util.AbstractList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.RandomAccess;

/**
 * Catalogue rows of a fixed width held compactly: the text of every cell in one UTF-8 byte array, one end
 * offset per cell, and a bit per cell for a null value. A neighbourhood of 200,000 rows × 10 columns costs
 * about 30 MB this way instead of the ~130 MB of a {@code String} per cell, and the garbage collector sees three
 * arrays instead of millions of objects. {@link #get(int)} makes a fresh {@code String[]} of the row each time
 * (callers cannot change the rows); {@link #cell(int, int)} reads a single value without making the row.
 * Two packed lists are equal when their cells are. Immutable and thread-safe.
 */
public final class PackedRows extends AbstractList<String[]> implements RandomAccess {

    private final int width;
    private final int rows;
    private final byte[] text;
    private final int[] ends;
    private final BitSet nulls;

    private PackedRows(int width, int rows, byte[] text, int[] ends, BitSet nulls) {
        this.width = width;
        this.rows = rows;
        this.text = text;
        this.ends = ends;
        this.nulls = nulls;
    }

    /**
     * The rows, packed; a list that is already packed at this width is returned as it is.
     *
     * @throws IllegalArgumentException when a row is not {@code width} values wide (naming the row)
     */
    public static PackedRows of(List<String[]> rows, int width) {
        if (rows instanceof PackedRows packed && packed.width == width) {
            return packed;
        }
        Builder builder = new Builder(width, rows.size());
        for (String[] row : rows) {
            builder.add(row);
        }
        return builder.build();
    }

    /** Values per row. */
    public int width() {
        return width;
    }

    @Override
    public int size() {
        return rows;
    }

    @Override
    public String[] get(int row) {
        checkRow(row);
        String[] values = new String[width];
        for (int c = 0; c < width; c++) {
            values[c] = text(row * width + c);
        }
        return values;
    }

    /** One value: the text as it was added, or null. */
    public String cell(int row, int column) {
        checkRow(row);
        if (column < 0 || column >= width) {
            throw new IndexOutOfBoundsException("column " + column + " of " + width);
        }
        return text(row * width + column);
    }

    private String text(int k) {
        if (nulls.get(k)) {
            return null;
        }
        int start = k == 0 ? 0 : ends[k - 1];
        return new String(text, start, ends[k] - start, StandardCharsets.UTF_8);
    }

    private void checkRow(int row) {
        if (row < 0 || row >= rows) {
            throw new IndexOutOfBoundsException("row " + row + " of " + rows);
        }
    }

    @Override
    public boolean equals(Object o) {
        if (o instanceof PackedRows p) {
            return width == p.width && rows == p.rows && Arrays.equals(ends, p.ends) && nulls.equals(p.nulls)
                    && Arrays.equals(text, 0, ends.length == 0 ? 0 : ends[ends.length - 1], p.text, 0,
                    p.ends.length == 0 ? 0 : p.ends[p.ends.length - 1]);
        }
        if (!(o instanceof List<?> other) || other.size() != rows) {
            return false;
        }
        for (int r = 0; r < rows; r++) {
            if (!(other.get(r) instanceof String[] values) || !Arrays.equals(get(r), values)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int h = 1;
        for (int r = 0; r < rows; r++) {
            h = 31 * h + Arrays.hashCode(get(r));
        }
        return h;
    }

    /** Packs rows one at a time, so a large table never exists as one object per cell. Not thread-safe. */
    public static final class Builder {
        private final int width;
        private byte[] text;
        private int[] ends;
        private final BitSet nulls = new BitSet();
        private int cells;
        private int length;

        /**
         * @param width        values per row
         * @param expectedRows a capacity hint
         */
        public Builder(int width, int expectedRows) {
            if (width <= 0) {
                throw new IllegalArgumentException("row width must be positive, found " + width);
            }
            this.width = width;
            int capacity = (int) Math.min(Integer.MAX_VALUE - 8, Math.max(16L, (long) expectedRows * width));
            this.ends = new int[capacity];
            this.text = new byte[(int) Math.min(Integer.MAX_VALUE - 8, capacity * 8L)];
        }

        /** Rows added so far. */
        public int size() {
            return cells / width;
        }

        /**
         * Adds a row (copied).
         *
         * @throws IllegalArgumentException when it is not {@code width} values wide
         */
        public Builder add(String[] row) {
            if (row.length != width) {
                throw new IllegalArgumentException("row " + size() + " has " + row.length + " values, expected " + width);
            }
            if (cells + width > ends.length) {
                ends = Arrays.copyOf(ends, grow(ends.length, cells + width));
            }
            for (String value : row) {
                if (value == null) {
                    nulls.set(cells);
                } else {
                    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
                    if (length + bytes.length > text.length) {
                        text = Arrays.copyOf(text, grow(text.length, (long) length + bytes.length));
                    }
                    System.arraycopy(bytes, 0, text, length, bytes.length);
                    length += bytes.length;
                }
                ends[cells++] = length;
            }
            return this;
        }

        private static int grow(int current, long needed) {
            long capacity = Math.max(needed, current + (current >> 1) + 16L);
            if (needed > Integer.MAX_VALUE - 8) {
                throw new IllegalStateException("catalogue rows exceed 2 GB of text");
            }
            return (int) Math.min(Integer.MAX_VALUE - 8, capacity);
        }

        public PackedRows build() {
            return new PackedRows(width, cells / width, Arrays.copyOf(text, length), Arrays.copyOf(ends, cells),
                    (BitSet) nulls.clone());
        }
    }
}
