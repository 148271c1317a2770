// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.workloads;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Plain-text columns: each as wide as its widest cell, two spaces apart, text left-aligned and
 * numbers right-aligned, no trailing blanks. Not thread-safe.
 */
final class TextTable {
    private final String alignment;
    private final List<String[]> rows = new ArrayList<>();
    /** Row index to the headings that start at given columns and may run across the next ones. */
    private final Map<Integer, String[]> spans = new HashMap<>();

    /** @param alignment one letter per column: {@code l} left, {@code r} right */
    TextTable(String alignment) {
        this.alignment = alignment;
    }

    /** Adds a row of exactly as many cells as columns. */
    TextTable row(Object... cells) {
        if (cells.length != alignment.length()) {
            throw new IllegalArgumentException(cells.length + " cells for " + alignment.length() + " columns");
        }
        String[] row = new String[cells.length];
        for (int i = 0; i < cells.length; i++) {
            row[i] = String.valueOf(cells[i]);
        }
        rows.add(row);
        return this;
    }

    /**
     * Adds a row of group headings: {@code headings[i]} (or nothing for {@code null}) starts where
     * column {@code i} starts and may run into the next columns; it does not widen its column.
     */
    TextTable span(String... headings) {
        if (headings.length != alignment.length()) {
            throw new IllegalArgumentException(headings.length + " headings for " + alignment.length() + " columns");
        }
        spans.put(rows.size(), headings.clone());
        rows.add(null);
        return this;
    }

    /** Appends the rows, each line starting with {@code indent}. */
    void render(StringBuilder out, String indent) {
        int[] width = new int[alignment.length()];
        for (String[] row : rows) {
            for (int i = 0; row != null && i < row.length; i++) {
                width[i] = Math.max(width[i], row[i].length());
            }
        }
        for (int r = 0; r < rows.size(); r++) {
            String[] row = rows.get(r);
            if (row == null) {
                out.append(spanLine(indent, width, spans.get(r))).append('\n');
                continue;
            }
            StringBuilder line = new StringBuilder(indent);
            for (int i = 0; i < row.length; i++) {
                if (i > 0) {
                    line.append("  ");
                }
                String pad = " ".repeat(width[i] - row[i].length());
                line.append(alignment.charAt(i) == 'r' ? pad + row[i] : row[i] + pad);
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
    }

    private static String spanLine(String indent, int[] width, String[] headings) {
        StringBuilder line = new StringBuilder(indent);
        int column = indent.length();
        for (int i = 0; i < headings.length; i++) {
            if (headings[i] != null) {
                if (line.length() > column) {
                    line.append(' ');
                }
                line.append(" ".repeat(Math.max(0, column - line.length()))).append(headings[i]);
            }
            column += width[i] + 2;
        }
        return line.toString().stripTrailing();
    }

    /**
     * Appends {@code text} wrapped at word boundaries to lines of at most {@code width} characters;
     * the first line starts with {@code first}, the others with {@code rest} (same length or shorter).
     */
    static void wrap(StringBuilder out, String first, String rest, String text, int width) {
        StringBuilder line = new StringBuilder(first);
        boolean empty = true;
        for (String word : text.split(" ")) {
            if (!empty && line.length() + 1 + word.length() > width) {
                out.append(line).append('\n');
                line = new StringBuilder(rest);
                empty = true;
            }
            if (!empty) {
                line.append(' ');
            }
            line.append(word);
            empty = false;
        }
        out.append(line).append('\n');
    }
}
