package io.cutovermonitor.validators.event;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Content hashes already stored in a ledger were computed from the records' own {@code toString}: the faster
 * canonical text must write exactly the same, for every event type, nested records and absent fields included.
 */
class CanonicalTextTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    static Stream<EventData> eventsOfEveryType() throws IOException, URISyntaxException {
        EventParser parser = new EventParser();
        List<EventData> data = new ArrayList<>();
        Path dir = Path.of(CanonicalTextTest.class.getResource("/contract").toURI());
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.toList()) {
                for (JsonNode entry : JSON.readTree(Files.readString(file).replace("{{MID}}", "oms")).get("events")) {
                    ParseResult result = parser.parseStructured(JSON.writeValueAsBytes(entry));
                    if (result instanceof ParseResult.Accepted accepted) {
                        data.add(accepted.event().data());
                    }
                }
            }
        }
        data.add(new ReconciliationEvent("oms", "r-1", "po_lines", Chunk.ofRange("1", Chunk.canonicalNumber(new BigDecimal("5E4"))),
                new ReconciliationEvent.Side(25_000, "ab"), null, null));
        data.add(new ReconciliationEvent("oms", "r-1", "orders", Chunk.ofId("7"), null,
                new ReconciliationEvent.Side(3, null), "canonical-sha256"));
        data.add(new PhaseEvent("oms", PhaseEvent.Phase.CUTOVER, null, PhaseEvent.PhaseStatus.STARTED, Duration.ofHours(6)));
        data.add(new PlanEvent("oms", "integrity:\n  errors:\n    window: PT7H\n", "lead", null));
        data.add(new ReconciliationProgressEvent("oms", "r-1", "po_lines", 150_000, null,
                ReconciliationProgressEvent.ProgressState.RUNNING));
        return data.stream();
    }

    @ParameterizedTest
    @MethodSource("eventsOfEveryType")
    void writesWhatTheRecordsToStringWrites(EventData data) {
        // Given an event's data, as the parser made it or with its optional parts absent
        // When its canonical text is written
        String canonical = CanonicalText.of((Record) data);

        // Then it is the record's own text, byte for byte
        assertThat(canonical).isEqualTo(data.toString());
    }

    @Test
    void theExamplesCoverEveryEventType() throws Exception {
        assertThat(eventsOfEveryType().map(EventData::type).distinct()).containsExactlyInAnyOrder(EventType.values());
    }
}
