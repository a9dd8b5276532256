package io.cutovermonitor.validators.event;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.cutovermonitor.validators.AllocationBudget;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Coverage-guided fuzzing of the parser with Jazzer, in both CloudEvents modes. Whatever arrives, the parser answers
 * with an event or a {@link Rejection} carrying a message: any other throwable, more than the per-input time limit
 * ({@link Timeout}, which Jazzer applies to every input) or more than the allocation budget is a finding, and what it
 * accepts parses back to itself (the ledger replays the stored form).
 * <p>
 * Without {@code JAZZER_FUZZ} this is a regression test over the seeds in {@code EventParserJazzerTestInputs/<method>}
 * (the contract examples and every crashing input found so far); the build's {@code fuzz-*} executions fuzz each
 * method for a bounded time (README, "Fuzzing").
 */
class EventParserJazzerTest {

    /** Far above what any record up to the 1 MiB limit needs; an amplifying input crosses it at once. */
    private static final long ALLOCATION_BUDGET = 64L * 1024 * 1024;

    /**
     * One parser for every input, as the service keeps one per consumer, and one that has already read an event: the
     * names it has seen stay in Jackson's tables, and a bug found here showed only then.
     */
    private static final EventParser parser = new EventParser();

    static {
        parser.parseStructured("""
                {"specversion":"1.0","id":"e-1","source":"/oms/reconciler","type":"migration.reconciliation.v1",
                 "time":"2025-11-15T22:00:00Z","datacontenttype":"application/json","data":{"migrationId":"oms",
                 "runId":"r-1","table":"po_lines","chunk":{"lower":1,"upper":50000},"source":{"rowCount":25000,
                 "checksum":"ab"},"target":{"rowCount":24967,"checksum":"cd"},"algorithm":"canonical-sha256"}}"""
                .getBytes(StandardCharsets.UTF_8));
    }

    @FuzzTest(maxDuration = "30s")
    @Timeout(5)
    void structuredRecords(byte[] value) {
        // Given any record value, When it is parsed in structured mode, Then it is answered, never thrown
        ParseResult result = AllocationBudget.within(ALLOCATION_BUDGET, () -> parser.parseStructured(value));

        ParserAnswers.assertAnswered(parser, result);
    }

    /**
     * The input is the record as a producer would send it: header lines {@code name: value} up to the first empty
     * line, then the value bytes (the seeds are written so, and the fuzzer mutates both parts).
     */
    @FuzzTest(maxDuration = "30s")
    @Timeout(5)
    void binaryRecords(byte[] record) {
        // Given headers and a value
        int split = headerEnd(record);
        Map<String, String> headers = headers(new String(record, 0, split, StandardCharsets.UTF_8));
        byte[] value = Arrays.copyOfRange(record, Math.min(record.length, split + 2), record.length);

        // When they are parsed in binary mode
        ParseResult result = AllocationBudget.within(ALLOCATION_BUDGET, () -> parser.parseBinary(headers, value));

        // Then it is answered, never thrown
        ParserAnswers.assertAnswered(parser, result);
    }

    private static int headerEnd(byte[] record) {
        for (int i = 0; i + 1 < record.length; i++) {
            if (record[i] == '\n' && record[i + 1] == '\n') {
                return i;
            }
        }
        return record.length;
    }

    /** The header map as the Kafka deserializer builds it: one value per name, the last one winning. */
    private static Map<String, String> headers(String block) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (String line : block.split("\n")) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                headers.put(line.substring(0, colon).strip(), line.substring(colon + 1).strip());
            }
        }
        return headers;
    }
}
