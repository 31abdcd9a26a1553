package org.vasco.testkit.hostile;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * VizieR cone-search replies of the hostile-input corpus, each made from the real reply of the loopback VizieR
 * ({@link org.vasco.testkit.archives.LoopbackVizierServer#rewriteReplies}): renamed columns, missing or repeated
 * unit lines, NaN and blank positions, duplicated rows, a row cap reached, an overflow note, an HTML page, the
 * "no table" error INFO, ragged and cut rows. The reason codes are the xmatch catalogue client's; an
 * {@code ACCEPTED} case's phrase is matched against the fetch report, and such a reply must never leave a
 * non-finite or duplicated position in the neighbourhood.
 */
public final class HostileCatalogueReplies {

    static final String GARBLED = "CATALOG_GARBLED";
    static final String EMPTY = "CATALOG_EMPTY";
    static final String TRUNCATED = "CATALOG_TRUNCATED";
    /** The row cap the client of these cases must be configured with (the row-cap case pads the table to it). */
    public static final int ROW_CAP = 500;

    private HostileCatalogueReplies() {
    }

    /** Every VizieR case; each rewrites the real reply body. */
    public static List<HostileCase<UnaryOperator<String>>> all() {
        List<HostileCase<UnaryOperator<String>>> cases = new ArrayList<>();
        cases.add(table("wrong-columns", "RA_ICRS/DE_ICRS renamed RAdeg/DEdeg in the column-name line",
                t -> t.header(t.header().replace("RA_ICRS", "RAdeg").replace("DE_ICRS", "DEdeg")),
                Expected.rejected(GARBLED, "the table header lacks [RA_ICRS, DE_ICRS]")));
        cases.add(table("no-unit-and-dash-lines", "the unit line and the '---' line left out",
                t -> t.units(null).dashes(null),
                Expected.rejected(GARBLED, "no '---' separator line after the header and unit lines")));
        cases.add(table("repeated-unit-rows", "the unit line repeated twice among the data rows (two tables glued together)",
                t -> t.insertRow(3, t.units()).insertRow(7, t.units()), Expected.accepted("rowsUnparsed=2,")));
        cases.add(table("nan-positions", "RA_ICRS = NaN in three rows",
                t -> t.editCell(0, "RA_ICRS", "NaN").editCell(1, "RA_ICRS", "NaN").editCell(2, "DE_ICRS", "NaN"),
                Expected.accepted("rowsUnparsed=3,")));
        cases.add(table("blank-positions", "empty RA_ICRS and DE_ICRS cells in two rows",
                t -> t.editCell(4, "RA_ICRS", "").editCell(5, "DE_ICRS", "  "), Expected.accepted("rowsUnparsed=2,")));
        cases.add(table("infinite-position", "DE_ICRS = Infinity in one row",
                t -> t.editCell(6, "DE_ICRS", "Infinity"), Expected.accepted("rowsUnparsed=1,")));
        cases.add(table("duplicate-rows", "every data row sent twice",
                Table::doubleRows, Expected.accepted("rowsUnparsed=0,")));
        cases.add(table("row-cap-hit", "the table padded with copies of its rows to exactly the " + ROW_CAP + "-row cap",
                t -> t.padTo(ROW_CAP), Expected.rejected(TRUNCATED, "still reached the row cap " + ROW_CAP)));
        cases.add(table("overflow-note", "a comment '#INFO QUERY_STATUS=OVERFLOW' before the table",
                t -> t.comment("#INFO\tQUERY_STATUS=OVERFLOW\tTruncated result (reached -out.max)"),
                Expected.rejected(TRUNCATED, "still reached the row cap")));
        cases.add(body("html-page", "an HTML maintenance page with status 200",
                b -> "<!DOCTYPE html>\n<html><body><h1>VizieR is being upgraded</h1></body></html>\n",
                Expected.rejected(GARBLED, "an HTML/XML page instead of tab-separated values")));
        cases.add(body("error-info-no-table", "the comment block and '#INFO QUERY_STATUS=ERROR', no table",
                b -> b.substring(0, b.indexOf("#RESOURCE")) + "#INFO\tQUERY_STATUS=ERROR\tNo table found\n",
                Expected.rejected(EMPTY, "VizieR returned 0 rows")));
        cases.add(table("ragged-row", "one data row with two cells missing",
                t -> t.dropCells(8, 2), Expected.rejected(GARBLED, "cells, the header has")));
        cases.add(body("cut-mid-row", "the reply cut in the middle of its tenth data row",
                HostileCatalogueReplies::cutMidRow, Expected.rejected(GARBLED, "a cut or garbled table")));
        return List.copyOf(cases);
    }

    private static HostileCase<UnaryOperator<String>> table(String name, String input, UnaryOperator<Table> edit,
                                                            Expected expected) {
        return new HostileCase<>("vizier", name, input, body -> edit.apply(Table.parse(body)).text(), expected);
    }

    private static HostileCase<UnaryOperator<String>> body(String name, String input, UnaryOperator<String> edit,
                                                           Expected expected) {
        return new HostileCase<>("vizier", name, input, edit, expected);
    }

    private static String cutMidRow(String body) {
        Table t = Table.parse(body);
        String row = t.rows.get(9);
        List<String> rows = new ArrayList<>(t.rows.subList(0, 9));
        rows.add(row.substring(0, row.indexOf('\t') + 3));
        return new Table(t.comments, t.header, t.units, t.dashes, rows).text();
    }

    /** An asu-tsv reply split into its parts: comments, column names, units, dashes, data rows. */
    record Table(List<String> comments, String header, String units, String dashes, List<String> rows) {

        static Table parse(String body) {
            List<String> comments = new ArrayList<>();
            List<String> rest = new ArrayList<>();
            for (String line : body.split("\n")) {
                if (rest.isEmpty() && (line.startsWith("#") || line.isBlank())) {
                    comments.add(line);
                } else {
                    rest.add(line);
                }
            }
            if (rest.size() < 3) {
                throw new IllegalArgumentException("the reply has no table to edit: " + body);
            }
            return new Table(comments, rest.get(0), rest.get(1), rest.get(2), new ArrayList<>(rest.subList(3, rest.size())));
        }

        String text() {
            StringBuilder out = new StringBuilder();
            comments.forEach(c -> out.append(c).append('\n'));
            for (String line : new String[] {header, units, dashes}) {
                if (line != null) {
                    out.append(line).append('\n');
                }
            }
            rows.forEach(r -> out.append(r).append('\n'));
            return out.toString();
        }

        Table header(String newHeader) {
            return new Table(comments, newHeader, units, dashes, rows);
        }

        Table units(String newUnits) {
            return new Table(comments, header, newUnits, dashes, rows);
        }

        Table dashes(String newDashes) {
            return new Table(comments, header, units, newDashes, rows);
        }

        Table comment(String line) {
            List<String> c = new ArrayList<>(comments);
            c.add(line);
            return new Table(c, header, units, dashes, rows);
        }

        Table insertRow(int at, String row) {
            List<String> r = new ArrayList<>(rows);
            r.add(Math.min(at, r.size()), row);
            return new Table(comments, header, units, dashes, r);
        }

        Table editCell(int row, String column, String value) {
            int col = List.of(header.split("\t", -1)).stream().map(String::trim).toList().indexOf(column);
            if (col < 0) {
                throw new IllegalArgumentException("no column " + column + " in " + header);
            }
            String[] cells = rows.get(row).split("\t", -1);
            cells[col] = value;
            List<String> r = new ArrayList<>(rows);
            r.set(row, String.join("\t", cells));
            return new Table(comments, header, units, dashes, r);
        }

        Table dropCells(int row, int count) {
            String[] cells = rows.get(row).split("\t", -1);
            List<String> r = new ArrayList<>(rows);
            r.set(row, String.join("\t", List.of(cells).subList(0, cells.length - count)));
            return new Table(comments, header, units, dashes, r);
        }

        Table doubleRows() {
            List<String> r = new ArrayList<>();
            rows.forEach(row -> {
                r.add(row);
                r.add(row);
            });
            return new Table(comments, header, units, dashes, r);
        }

        Table padTo(int count) {
            List<String> r = new ArrayList<>(rows);
            for (int i = 0; r.size() < count; i++) {
                r.add(rows.get(i % rows.size()));
            }
            return new Table(comments, header, units, dashes, r);
        }
    }
}
