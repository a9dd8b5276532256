package io.cutovermonitor.validators.event;

import io.cutovermonitor.validators.event.Rejection.Reason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class EventParserTest {

    private final EventParser parser = new EventParser();

    private static String envelope(String type, String data) {
        return """
                {"specversion":"1.0","id":"e-1","source":"/oms/runbook","type":"%s",
                 "time":"2025-11-15T22:00:00Z","datacontenttype":"application/json","data":%s}
                """.formatted(type, data);
    }

    private ParseResult parse(String json) {
        return parser.parseStructured(json.getBytes(StandardCharsets.UTF_8));
    }

    private TelemetryEvent accepted(String json) {
        ParseResult result = parse(json);
        assertThat(result).isInstanceOf(ParseResult.Accepted.class);
        return ((ParseResult.Accepted) result).event();
    }

    private Rejection rejected(String json) {
        ParseResult result = parse(json);
        assertThat(result).isInstanceOf(ParseResult.Rejected.class);
        return ((ParseResult.Rejected) result).rejection();
    }

    @Test
    void structuredPhaseEventBecomesATypedEvent() {
        // Given a cutover start with a maintenance window, When parsed
        TelemetryEvent event = accepted(envelope("migration.phase.v1",
                "{\"migrationId\":\"oms\",\"phase\":\"CUTOVER\",\"status\":\"STARTED\",\"maintenanceWindow\":\"PT8H\"}"));

        // Then every attribute is typed
        assertThat(event.id()).isEqualTo("e-1");
        assertThat(event.source()).isEqualTo("/oms/runbook");
        assertThat(event.time()).isEqualTo(Instant.parse("2025-11-15T22:00:00Z"));
        assertThat(event.type()).isEqualTo(EventType.PHASE);
        assertThat(event.data()).isEqualTo(new PhaseEvent("oms", PhaseEvent.Phase.CUTOVER, null,
                PhaseEvent.PhaseStatus.STARTED, Duration.ofHours(8)));
    }

    @Test
    void aCountWrittenWithAZeroFractionIsReadAsAWholeNumber() {
        TelemetryEvent event = accepted(envelope("migration.reconciliation.v1", """
                {"migrationId":"oms","runId":"r-1","table":"po_lines","chunk":{"id":2.0},
                 "source":{"rowCount":25000.0,"checksum":"ab"},"target":{"rowCount":25000}}"""));

        ReconciliationEvent data = (ReconciliationEvent) event.data();
        assertThat(data.source().rowCount()).isEqualTo(25000);
        assertThat(data.chunk()).isEqualTo(Chunk.ofId("2"));
        assertThat(data.target().checksum()).isNull();
    }

    @Test
    void chunksAreComparedByValueNotByFormatting() {
        String a = envelope("migration.reconciliation.v1",
                "{\"migrationId\":\"m\",\"runId\":\"r\",\"table\":\"t\",\"chunk\":{\"upper\":5E4,\"lower\":1},\"source\":{\"rowCount\":1}}");
        String b = envelope("migration.reconciliation.v1",
                "{\"migrationId\":\"m\",\"runId\":\"r\",\"table\":\"t\",\"chunk\":{\"lower\":1.00,\"upper\":50000},\"source\":{\"rowCount\":1}}");

        TelemetryEvent first = accepted(a);
        TelemetryEvent second = accepted(b);

        assertThat(((ReconciliationEvent) first.data()).chunk()).isEqualTo(Chunk.ofRange("1", "50000"));
        assertThat(((ReconciliationEvent) first.data()).chunk().label()).isEqualTo("1..50000");
        assertThat(first.contentHash()).as("same values in another formatting are a re-delivery")
                .isEqualTo(second.contentHash());
    }

    @Test
    void differentContentUnderTheSameIdentityHasAnotherHash() {
        TelemetryEvent first = accepted(envelope("migration.check.v1",
                "{\"migrationId\":\"m\",\"check\":\"erp-api\",\"kind\":\"CONNECTIVITY\",\"passed\":true}"));
        TelemetryEvent second = accepted(envelope("migration.check.v1",
                "{\"migrationId\":\"m\",\"check\":\"erp-api\",\"kind\":\"CONNECTIVITY\",\"passed\":false}"));

        assertThat(first.contentHash()).isNotEqualTo(second.contentHash());
    }

    @Test
    void binaryModeTakesTheAttributesFromCeHeaders() {
        Map<String, String> headers = Map.of("ce_specversion", "1.0", "ce_id", "j-7", "ce_source", "/oms/batch",
                "ce_type", "migration.job.v1", "ce_time", "2025-11-16T01:22:00+09:00", "content-type", "application/json");
        byte[] data = "{\"migrationId\":\"oms\",\"job\":\"invoice-export\",\"runId\":\"2025-11-16\",\"state\":\"FAILED\"}"
                .getBytes(StandardCharsets.UTF_8);

        ParseResult result = parser.parseBinary(headers, data);

        assertThat(EventParser.isBinaryMode(headers)).isTrue();
        assertThat(result).isInstanceOf(ParseResult.Accepted.class);
        ParseResult.Accepted accepted = (ParseResult.Accepted) result;
        assertThat(accepted.event().time()).isEqualTo(Instant.parse("2025-11-15T16:22:00Z"));
        assertThat(accepted.event().data()).isEqualTo(
                new JobEvent("oms", "invoice-export", "2025-11-16", JobEvent.JobState.FAILED, null, null));
        assertThat(parser.parseStructured(accepted.structuredJson().getBytes(StandardCharsets.UTF_8)))
                .as("the stored structured form parses back to the same event")
                .isEqualTo(result);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            negative count          | migration.reconciliation.v1 | {"migrationId":"m","runId":"r","table":"t","source":{"rowCount":-1}}                      | IMPOSSIBLE_VALUE | data.source.rowCount: must be >= 0
            fractional count        | migration.sync.v1           | {"migrationId":"m","scope":"s","mode":"FULL","recordsSynced":1.5,"state":"RUNNING"}       | IMPOSSIBLE_VALUE | data.recordsSynced: must be a whole number, got 1.5
            count as a string       | migration.throughput.v1     | {"migrationId":"m","component":"c","records":"10","intervalStart":"2025-01-01T00:00:00Z","intervalEnd":"2025-01-01T00:10:00Z"} | WRONG_TYPE | data.records: must be a number
            interval end first      | migration.throughput.v1     | {"migrationId":"m","component":"c","records":10,"intervalStart":"2025-01-01T00:10:00Z","intervalEnd":"2025-01-01T00:00:00Z"}   | IMPOSSIBLE_VALUE | data.intervalEnd: must not be before intervalStart
            missing migrationId     | migration.check.v1          | {"check":"erp-api","kind":"CONNECTIVITY","passed":false}                                 | MISSING_FIELD    | data.migrationId: is required
            passed as a string      | migration.check.v1          | {"migrationId":"m","check":"erp-api","kind":"CONNECTIVITY","passed":"no"}                | WRONG_TYPE       | data.passed: must be true or false
            unknown phase           | migration.phase.v1          | {"migrationId":"m","phase":"GOLIVE","status":"STARTED"}                                  | IMPOSSIBLE_VALUE | data.phase: must be one of PREPARATION/REHEARSAL/SYNC/CUTOVER/ROLLBACK/OBSERVATION
            zero window             | migration.phase.v1          | {"migrationId":"m","phase":"CUTOVER","status":"STARTED","maintenanceWindow":"PT0S"}      | IMPOSSIBLE_VALUE | data.maintenanceWindow: must be a positive duration
            negative lag            | migration.sync.v1           | {"migrationId":"m","scope":"s","mode":"FULL","recordsSynced":1,"state":"RUNNING","lagSeconds":-2} | IMPOSSIBLE_VALUE | data.lagSeconds: must be >= 0
            chunk of another shape  | migration.reconciliation.v1 | {"migrationId":"m","runId":"r","table":"t","chunk":{"from":1},"source":{"rowCount":1}}   | WRONG_TYPE       | data.chunk: must be {"lower":…, "upper":…} or {"id":…}
            no side at all          | migration.reconciliation.v1 | {"migrationId":"m","runId":"r","table":"t"}                                              | MISSING_FIELD    | data.source: a reconciliation needs a source or a target side
            data not an object      | migration.job.v1            | "job failed"                                                                             | WRONG_TYPE       | data: must be a JSON object
            unknown decision        | migration.decision.v1       | {"migrationId":"m","decision":"MAYBE","by":"x","reason":"y"}                             | IMPOSSIBLE_VALUE | data.decision: must be one of GO/NO_GO/ROLLBACK
            unknown type            | migration.coffee.v1         | {"migrationId":"m"}                                                                      | UNKNOWN_TYPE     | type: unknown type migration.coffee.v1
            count past a long       | migration.reconciliation.v1 | {"migrationId":"m","runId":"r","table":"t","source":{"rowCount":1e999999999}}             | IMPOSSIBLE_VALUE | data.source.rowCount: is over the limit of 1000000000000000 for one event
            count with a tiny part  | migration.reconciliation.v1 | {"migrationId":"m","runId":"r","table":"t","source":{"rowCount":1e-999999999}}            | IMPOSSIBLE_VALUE | data.source.rowCount: must be a whole number, got 1E-999999999
            lag past a double       | migration.sync.v1           | {"migrationId":"m","scope":"s","mode":"FULL","recordsSynced":1,"state":"RUNNING","lagSeconds":1e999999999} | IMPOSSIBLE_VALUE | data.lagSeconds: is too large
            chunk id of 10^999999999 | migration.reconciliation.v1 | {"migrationId":"m","runId":"r","table":"t","chunk":{"id":1e999999999},"source":{"rowCount":1}}  | IMPOSSIBLE_VALUE | data.chunk.id: a numeric bound has at most 100 digits
            chunk bound of 10^-999999999 | migration.reconciliation.v1 | {"migrationId":"m","runId":"r","table":"t","chunk":{"lower":1e-999999999,"upper":1},"source":{"rowCount":1}} | IMPOSSIBLE_VALUE | data.chunk.lower: a numeric bound has at most 100 digits
            """)
    void impossibleOrMisshapenDataIsRejectedWithThePathAndTheProblem(String name, String type, String data,
                                                                     Reason reason, String message) {
        Rejection rejection = rejected(envelope(type, data));

        assertThat(rejection.reason()).isEqualTo(reason);
        assertThat(rejection.message()).isEqualTo(message);
    }

    @Test
    void envelopeProblemsAreRejected() {
        assertThat(rejected("{not json").reason()).isEqualTo(Reason.NOT_JSON);
        assertThat(rejected("[1,2]").reason()).isEqualTo(Reason.NOT_CLOUDEVENT);
        assertThat(rejected("{\"specversion\":\"0.3\"}").message()).startsWith("specversion: must be \"1.0\"");
        assertThat(rejected(envelope("migration.job.v1", "{}").replace("\"id\":\"e-1\",", "")).message())
                .isEqualTo("id: is required");
        assertThat(rejected(envelope("migration.job.v1", "{}").replace("2025-11-15T22:00:00Z", "2025-11-15 22:00"))
                .message()).startsWith("time: must be an RFC 3339 timestamp");
        assertThat(rejected("{\"a\":1,\"a\":2}").reason()).as("duplicate keys are ambiguous").isEqualTo(Reason.NOT_JSON);
        assertThat(rejected("{\"a\":2e2222222222}").message()).as("an exponent past an int, which Jackson throws as "
                + "NumberFormatException").isEqualTo("not valid JSON (a number out of range)");
    }

    @Test
    void aPropertyNameWithAnInvalidByteIsNotReadAsANameSeenBefore() {
        // Given a parser that has read an event, so "specversion" is in Jackson's name tables
        accepted(envelope("migration.job.v1", "{\"migrationId\":\"m\",\"job\":\"j\",\"runId\":\"r\",\"state\":\"FAILED\"}"));
        byte[] smuggled = envelope("migration.job.v1", "{\"migrationId\":\"m\",\"job\":\"j\",\"runId\":\"r\",\"state\":\"FAILED\"}")
                .replace("specversion", "specvers\u0000ion").getBytes(StandardCharsets.UTF_8);
        smuggled[new String(smuggled, StandardCharsets.UTF_8).indexOf('\u0000')] = (byte) 0xff;

        // When a record names "specvers\xFFion" (found by EventParserJazzerTest; Jackson's byte parser read it as
        // "specversion", while the ledger's text of it would not parse back)
        ParseResult result = parser.parseStructured(smuggled);

        // Then it is rejected as what it is
        assertThat(result).isEqualTo(new ParseResult.Rejected(new Rejection(Reason.NOT_JSON, "", "not valid UTF-8")));
    }

    @Test
    void aRecordOverOneMebibyteIsRejectedBeforeItIsRead() {
        byte[] big = new byte[EventParser.MAX_RECORD_BYTES + 1];
        java.util.Arrays.fill(big, (byte) ' ');

        ParseResult result = parser.parseStructured(big);

        assertThat(result).isEqualTo(new ParseResult.Rejected(new Rejection(Reason.TOO_LARGE, "",
                "record of 1048577 bytes is over the 1 MiB limit")));
    }

    @Test
    void emptyAndBinaryGarbageNeverThrow() {
        assertThat(parser.parseStructured(new byte[0])).isInstanceOf(ParseResult.Rejected.class);
        assertThat(parser.parseStructured(new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1})).isInstanceOf(ParseResult.Rejected.class);
        assertThat(parser.parseBinary(Map.of("ce_specversion", "1.0"), "{".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(ParseResult.Rejected.class);
    }
}
