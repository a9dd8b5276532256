package io.cutovermonitor.validators.event;

import io.cutovermonitor.validators.event.Rejection.Reason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every limit of storage (SPEC section 3): a value at the limit is accepted, one past it is refused with its path
 * and the reason, so nothing the ledger, the alert outbox or the API would refuse ever reaches them.
 */
class EventLimitsTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final EventParser parser = new EventParser();

    /** A valid reconciliation with both sides: the type with the most identifiers. */
    private static ObjectNode reconciliation() {
        return (ObjectNode) JSON.readTree("""
                {"specversion":"1.0","id":"e-1","source":"/oms/reconciler","type":"migration.reconciliation.v1",
                 "time":"2025-11-15T22:00:00Z","data":{"migrationId":"oms","runId":"r-1","table":"po_lines",
                 "chunk":{"lower":"a","upper":"b"},"source":{"rowCount":1,"checksum":"ab"},
                 "target":{"rowCount":1,"checksum":"ab"},"algorithm":"canonical-sha256"}}""");
    }

    private static ObjectNode event(String type, String data) {
        ObjectNode event = reconciliation();
        event.put("type", type);
        event.set("data", JSON.readTree(data));
        return event;
    }

    private ParseResult parse(ObjectNode event) {
        return parser.parseStructured(JSON.writeValueAsBytes(event));
    }

    private static void set(ObjectNode event, String path, Object value) {
        String[] parts = path.split("\\.");
        ObjectNode node = event;
        for (int i = 0; i < parts.length - 1; i++) {
            node = (ObjectNode) node.get(parts[i]);
        }
        if (value instanceof Long number) {
            node.put(parts[parts.length - 1], number);
        } else {
            node.put(parts[parts.length - 1], (String) value);
        }
    }

    @ParameterizedTest(name = "{0} holds {1} characters")
    @CsvSource({
            "id, 512", "source, 512", "data.migrationId, 128", "data.runId, 256", "data.table, 256",
            "data.chunk.lower, 256", "data.chunk.upper, 256", "data.source.checksum, 256", "data.algorithm, 256"})
    void aTextAtItsLimitIsAcceptedAndOnePastItIsRefused(String path, int limit) {
        // Given an event whose field is exactly at its limit
        ObjectNode atLimit = reconciliation();
        set(atLimit, path, "I".repeat(limit));
        // Then it is accepted
        assertThat(parse(atLimit)).isInstanceOf(ParseResult.Accepted.class);

        // When the field holds one character more
        ObjectNode over = reconciliation();
        set(over, path, "I".repeat(limit + 1));
        // Then it is refused naming the field and the limit
        Rejection rejection = ((ParseResult.Rejected) parse(over)).rejection();
        assertThat(rejection.reason()).isEqualTo(Reason.IMPOSSIBLE_VALUE);
        assertThat(rejection.message()).isEqualTo(path + ": is " + (limit + 1) + " characters, over the limit of " + limit);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            migration.check.v1    | {"migrationId":"m","check":"%s","kind":"CONNECTIVITY","passed":false}                       | data.check
            migration.job.v1      | {"migrationId":"m","job":"%s","runId":"r","state":"FAILED"}                                 | data.job
            migration.job.v1      | {"migrationId":"m","job":"j","runId":"%s","state":"FAILED"}                                 | data.runId
            migration.sync.v1     | {"migrationId":"m","scope":"%s","mode":"FULL","recordsSynced":1,"state":"RUNNING"}          | data.scope
            migration.phase.v1    | {"migrationId":"m","phase":"REHEARSAL","name":"%s","status":"STARTED"}                      | data.name
            migration.decision.v1 | {"migrationId":"m","decision":"GO","by":"%s","reason":"r"}                                   | data.by
            migration.decision.v1 | {"migrationId":"m","decision":"GO","by":"b","reason":"r","rule":"%s"}                        | data.rule
            migration.throughput.v1 | {"migrationId":"m","component":"%s","records":1,"intervalStart":"2025-01-01T00:00:00Z","intervalEnd":"2025-01-01T00:10:00Z"} | data.component
            migration.reconciliation.v1 | {"migrationId":"m","runId":"r","table":"t","chunk":{"id":"%s"},"source":{"rowCount":1}} | data.chunk.id
            """)
    void everyNameOfEveryTypeIsBoundedAndHoldsNoControlCharacter(String type, String data, String path) {
        assertThat(parse(event(type, data.formatted("n".repeat(Limits.MAX_NAME))))).isInstanceOf(ParseResult.Accepted.class);

        Rejection tooLong = ((ParseResult.Rejected) parse(event(type, data.formatted("n".repeat(Limits.MAX_NAME + 1)))))
                .rejection();
        assertThat(tooLong.message()).isEqualTo(path + ": is 257 characters, over the limit of 256");

        Rejection control = ((ParseResult.Rejected) parse(event(type, data.formatted("a\\u0007b")))).rejection();
        assertThat(control.reason()).isEqualTo(Reason.IMPOSSIBLE_VALUE);
        assertThat(control.message()).isEqualTo(path + ": holds the control character U+0007 at character 1");
    }

    @Test
    void anEventIdOfWideCharactersIsHeldToItsBytesToo() {
        ObjectNode wide = reconciliation();
        set(wide, "id", "移".repeat(342));

        assertThat(((ParseResult.Rejected) parse(wide)).rejection().message())
                .isEqualTo("id: is 1026 bytes in UTF-8, over the limit of 1024");
    }

    @Test
    void freeTextMayBreakLinesButHoldsNoNulAndIsBounded() {
        String decision = "{\"migrationId\":\"m\",\"decision\":\"GO\",\"by\":\"b\",\"reason\":\"%s\"}";
        assertThat(parse(event("migration.decision.v1", decision.formatted("line one\\nline two\\tend"))))
                .isInstanceOf(ParseResult.Accepted.class);
        assertThat(parse(event("migration.decision.v1", decision.formatted("x".repeat(Limits.MAX_TEXT)))))
                .isInstanceOf(ParseResult.Accepted.class);
        assertThat(((ParseResult.Rejected) parse(event("migration.decision.v1", decision.formatted("a\\u0000b"))))
                .rejection().message()).isEqualTo("data.reason: holds the control character U+0000 at character 1");
        assertThat(((ParseResult.Rejected) parse(event("migration.decision.v1",
                decision.formatted("x".repeat(Limits.MAX_TEXT + 1))))).rejection().message())
                .isEqualTo("data.reason: is 4097 characters, over the limit of 4096");
    }

    @ParameterizedTest(name = "migration id {0}")
    @ValueSource(strings = {"a/b", "a\\\\b", "a;b", "100%", ".", "..", "a\\u0000b", "tab\\there", "\\ud800x"})
    void aMigrationIdThatNoEndpointCouldAddressIsRefused(String id) {
        ObjectNode event = (ObjectNode) JSON.readTree(JSON.writeValueAsString(reconciliation())
                .replace("\"migrationId\":\"oms\"", "\"migrationId\":\"" + id + "\""));

        Rejection rejection = ((ParseResult.Rejected) parse(event)).rejection();

        assertThat(rejection.reason()).isEqualTo(Reason.IMPOSSIBLE_VALUE);
        assertThat(rejection.path()).isEqualTo("data.migrationId");
    }

    @ParameterizedTest(name = "migration id {0}")
    @ValueSource(strings = {"oms-cloud-migration", "OMS 2025 (rehearsal #2)", "oms' OR '1'='1' -- DROP TABLE ledger_event",
            "移行-東京", "a.b", "x..y", "émigré:v2+", "🚚"})
    void aMigrationIdOfPrintableCharactersIsAccepted(String id) {
        ObjectNode event = reconciliation();
        set(event, "data.migrationId", id);

        assertThat(parse(event)).isInstanceOf(ParseResult.Accepted.class);
        assertThat(Limits.migrationIdProblem(id)).isNull();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"+999999999-01-01T00:00:00Z", "0000-12-31T23:59:59Z", "+10000-01-01T00:00:00Z",
            "0001-01-01T00:30:00+01:00"})
    void anEventTimeOutsideTheYears0001To9999IsRefused(String time) {
        ObjectNode event = reconciliation();
        set(event, "time", time);

        Rejection rejection = ((ParseResult.Rejected) parse(event)).rejection();

        assertThat(rejection.reason()).isEqualTo(Reason.IMPOSSIBLE_VALUE);
        assertThat(rejection.message()).isEqualTo("time: must be in the years 0001-9999 (UTC)");
    }

    @Test
    void theFirstAndLastInstantsOfTheCalendarAreAccepted() {
        for (String time : new String[] {"0001-01-01T00:00:00Z", "9999-12-31T23:59:59.999999999Z"}) {
            ObjectNode event = reconciliation();
            set(event, "time", time);
            assertThat(parse(event)).as(time).isInstanceOf(ParseResult.Accepted.class);
        }
    }

    @Test
    void aCountIsBoundedSoNoSumCanWrapRound() {
        ObjectNode atLimit = reconciliation();
        set(atLimit, "data.source.rowCount", Limits.MAX_COUNT);
        assertThat(parse(atLimit)).isInstanceOf(ParseResult.Accepted.class);

        ObjectNode over = reconciliation();
        set(over, "data.source.rowCount", Limits.MAX_COUNT + 1);
        assertThat(((ParseResult.Rejected) parse(over)).rejection().message())
                .isEqualTo("data.source.rowCount: is over the limit of 1000000000000000 for one event");
    }

    @Test
    void aMaintenanceWindowOverThirtyDaysIsATypo() {
        String phase = "{\"migrationId\":\"m\",\"phase\":\"CUTOVER\",\"status\":\"STARTED\",\"maintenanceWindow\":\"%s\"}";
        assertThat(parse(event("migration.phase.v1", phase.formatted("PT720H")))).isInstanceOf(ParseResult.Accepted.class);
        assertThat(((ParseResult.Rejected) parse(event("migration.phase.v1", phase.formatted("PT721H")))).rejection()
                .message()).isEqualTo("data.maintenanceWindow: must be at most 30 days");
    }

    @Test
    void binaryModeHeadersAreHeldToTheSameLimits() {
        String data = "{\"migrationId\":\"m\",\"check\":\"erp-api\",\"kind\":\"CONNECTIVITY\",\"passed\":true}";
        ParseResult result = parser.parseBinary(java.util.Map.of("ce_specversion", "1.0", "ce_id", "I".repeat(600),
                        "ce_source", "/t", "ce_type", "migration.check.v1", "ce_time", "2025-11-15T22:05:00Z"),
                data.getBytes(StandardCharsets.UTF_8));

        assertThat(((ParseResult.Rejected) result).rejection().message())
                .isEqualTo("id: is 600 characters, over the limit of 512");
    }
}
