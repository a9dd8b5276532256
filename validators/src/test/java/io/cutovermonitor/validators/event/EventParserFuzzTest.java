package io.cutovermonitor.validators.event;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The parser is the service's front door: whatever arrives, it answers with an event or a rejection, never an
 * exception (one bad record must never stop the consumer), and what it accepts parses back to itself.
 */
class EventParserFuzzTest {

    private static final String VALID = """
            {"specversion":"1.0","id":"e-1","source":"/oms/reconciler","type":"migration.reconciliation.v1",
             "time":"2025-11-15T22:00:00Z","data":{"migrationId":"oms","runId":"r-1","table":"po_lines",
             "chunk":{"lower":1,"upper":50000},"source":{"rowCount":25000,"checksum":"ab"},
             "target":{"rowCount":24967,"checksum":"cd"},"algorithm":"canonical-sha256"}}""";

    private final EventParser parser = new EventParser();

    @Property(tries = 2000)
    void arbitraryBytesAreAnsweredNeverThrown(@ForAll @Size(max = 512) byte[] value) {
        assertThat(parser.parseStructured(value)).isNotNull();
        assertThat(parser.parseBinary(Map.of("ce_specversion", "1.0", "ce_type", "migration.job.v1"), value)).isNotNull();
    }

    @Property(tries = 3000)
    void mutatedEventsAreAnsweredNeverThrown(@ForAll("mutations") String mutated) {
        ParseResult result = parser.parseStructured(mutated.getBytes(StandardCharsets.UTF_8));

        ParserAnswers.assertAnswered(parser, result);
    }

    /** A valid event with one slice replaced by a JSON-ish fragment: the shapes real garbage takes. */
    @Provide
    Arbitrary<String> mutations() {
        Arbitrary<String> fragments = Arbitraries.oneOf(
                Arbitraries.of("-1", "1.5", "1e400", "null", "true", "\"\"", "{}", "[]", "\"x\"", "9223372036854775808",
                        "\"2025-02-30T00:00:00Z\"", "{\"id\":{}}", "\"PT-1H\"", ",", "}", "\"\\u0000\""),
                Arbitraries.strings().ofMaxLength(12));
        return Combinators.combine(Arbitraries.integers().between(0, VALID.length()),
                        Arbitraries.integers().between(0, 12), fragments)
                .as((at, cut, fragment) -> VALID.substring(0, at) + fragment
                        + VALID.substring(Math.min(VALID.length(), at + cut)));
    }
}
