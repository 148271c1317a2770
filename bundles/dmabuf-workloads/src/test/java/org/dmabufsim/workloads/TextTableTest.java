// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.workloads;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class TextTableTest {

    @Test
    void columnsAreAsWideAsTheirWidestCellTextLeftNumbersRight() {
        StringBuilder out = new StringBuilder();
        new TextTable("lrl").row("model", "n", "x").row("ion-4.12", 12345, "").row("a", 7, "yes").render(out, "> ");
        assertEquals("""
                > model         n  x
                > ion-4.12  12345
                > a             7  yes
                """, out.toString());
    }

    @Test
    void spanHeadingsStartAtTheirColumnAndDoNotWidenIt() {
        StringBuilder out = new StringBuilder();
        new TextTable("lrr").span("group", null, "wide heading").row("ab", 1, 22).render(out, "");
        assertEquals("""
                group  wide heading
                ab  1  22
                """, out.toString());
    }

    @Test
    void rowsNeedOneCellPerColumn() {
        assertThrows(IllegalArgumentException.class, () -> new TextTable("ll").row("one"));
        assertThrows(IllegalArgumentException.class, () -> new TextTable("ll").span("one"));
    }

    @Test
    void wrapBreaksAtWordsWithinTheWidth() {
        StringBuilder out = new StringBuilder();
        TextTable.wrap(out, "* ", "  ", "one two three four five", 11);
        assertEquals("""
                * one two
                  three
                  four five
                """, out.toString());
    }
}
