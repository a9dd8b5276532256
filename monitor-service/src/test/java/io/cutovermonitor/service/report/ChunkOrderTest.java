package io.cutovermonitor.service.report;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The chunks of a table appear in the report in key order, as a person reads them, not in text order. */
class ChunkOrderTest {

    @Test
    void keyRangesAndChunkNumbersSortAsNumbersWithTheWholeTableFirst() {
        // Given the labels of one table's chunks in text order
        List<String> labels = new ArrayList<>(List.of("chunk 10", "chunk 2", "1..25000", "100001..125000",
                "125001..150000", "25001..50000", ""));

        // When the report orders them
        labels.sort(EvidenceReportBuilder.CHUNK_ORDER);

        // Then numbers compare as numbers
        assertThat(labels).containsExactly("", "1..25000", "25001..50000", "100001..125000", "125001..150000",
                "chunk 2", "chunk 10");
    }

    @Test
    void keysThatAreNotNumbersKeepTheirTextOrderAndOnlyEqualLabelsAreEqual() {
        List<String> labels = new ArrayList<>(List.of("M..Z", "A..L", "0099..0100", "99..100", "chunk \u0663a"));

        labels.sort(EvidenceReportBuilder.CHUNK_ORDER);

        assertThat(labels).containsExactly("0099..0100", "99..100", "A..L", "M..Z", "chunk \u0663a");
        assertThat(EvidenceReportBuilder.CHUNK_ORDER.compare("chunk 7", "chunk 7")).isZero();
    }
}
