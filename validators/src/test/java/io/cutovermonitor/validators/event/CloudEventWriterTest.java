package io.cutovermonitor.validators.event;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cutovermonitor.validators.event.ReconciliationEvent.Side;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** What the writer writes, the parser reads back as the same event: the writer is the parser's mirror. */
class CloudEventWriterTest {

    private static final ObjectMapper SCHEMA_JSON = new ObjectMapper();
    private final EventParser parser = new EventParser();

    @Property(tries = 500)
    void every_event_written_is_read_back_as_itself(@ForAll("events") TelemetryEvent event) throws Exception {
        // Given an event of any type, when it is written and parsed again
        String written = CloudEventWriter.structured(event);
        ParseResult read = parser.parseStructured(written.getBytes(StandardCharsets.UTF_8));

        // Then it is accepted, with the same envelope and the same data
        assertThat(read).as(written).isInstanceOf(ParseResult.Accepted.class);
        TelemetryEvent back = ((ParseResult.Accepted) read).event();
        assertThat(back.id()).isEqualTo(event.id());
        assertThat(back.source()).isEqualTo(event.source());
        assertThat(back.time()).isEqualTo(event.time());
        assertThat(back.data()).isEqualTo(event.data());
        // and writing what was read gives the same text (nothing is lost or reordered on a round trip)
        assertThat(CloudEventWriter.structured(back)).isEqualTo(written);
        // and the published JSON Schema of its type agrees
        var schema = EventSchemaAgreementTest.schema(event.data().type().ceType());
        assertThat(schema.validate(SCHEMA_JSON.readTree(written))).as(written).isEmpty();
    }

    @Provide
    Arbitrary<TelemetryEvent> events() {
        Arbitrary<EventData> data = Arbitraries.oneOf(phases(), syncs(), reconciliations(), throughputs(), jobs(),
                checks(), decisions(), plans(), progress());
        Arbitrary<Instant> times = Arbitraries.longs().between(1_600_000_000_000L, 2_000_000_000_000L)
                .map(Instant::ofEpochMilli);
        return Combinators.combine(names(), names(), times, data)
                .as((id, source, time, d) -> new TelemetryEvent(id, "/" + source, time, d, "unused"));
    }

    private static Arbitrary<String> names() {
        return Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyz0123456789-_.").ofMinLength(1)
                .ofMaxLength(24).filter(s -> Character.isLetterOrDigit(s.charAt(0)));
    }

    private static Arbitrary<String> prose() {
        return Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyz ,.'éß").ofMinLength(1).ofMaxLength(60)
                .filter(s -> !s.isBlank() && s.strip().equals(s));
    }

    private static Arbitrary<Long> counts() {
        return Arbitraries.longs().between(0, 10_000_000_000L);
    }

    private static Arbitrary<EventData> phases() {
        return Combinators.combine(names(), Arbitraries.of(PhaseEvent.Phase.class), names().injectNull(0.5),
                Arbitraries.of(PhaseEvent.PhaseStatus.class),
                Arbitraries.integers().between(1, 24 * 60).map(Duration::ofMinutes).injectNull(0.5))
                .as(PhaseEvent::new);
    }

    private static Arbitrary<EventData> syncs() {
        return Combinators.combine(names(), names(), Arbitraries.of(SyncEvent.SyncMode.class), counts(),
                counts().injectNull(0.3), Arbitraries.doubles().between(0, 86_400).ofScale(3).injectNull(0.5),
                Arbitraries.of(SyncEvent.SyncState.class)).as(SyncEvent::new);
    }

    private static Arbitrary<EventData> reconciliations() {
        Arbitrary<Chunk> chunks = Arbitraries.oneOf(names().map(Chunk::ofId),
                Combinators.combine(counts(), counts()).as((a, b) -> Chunk.ofRange(String.valueOf(Math.min(a, b)),
                        String.valueOf(Math.max(a, b)))));
        Arbitrary<Side> sides = Combinators.combine(counts(),
                Arbitraries.strings().withChars("0123456789abcdef").ofLength(32).injectNull(0.3)).as(Side::new);
        return Combinators.combine(names(), names(), names(), chunks.injectNull(0.3), sides, sides.injectNull(0.3),
                names().injectNull(0.5)).as(ReconciliationEvent::new);
    }

    private static Arbitrary<EventData> throughputs() {
        return Combinators.combine(names(), names(), counts(),
                Arbitraries.longs().between(1_600_000_000L, 1_900_000_000L),
                Arbitraries.integers().between(1, 3600))
                .as((m, c, r, start, seconds) -> new ThroughputEvent(m, c, r, Instant.ofEpochSecond(start),
                        Instant.ofEpochSecond(start + seconds)));
    }

    private static Arbitrary<EventData> jobs() {
        return Combinators.combine(names(), names(), names(), Arbitraries.of(JobEvent.JobState.class),
                counts().injectNull(0.5), Arbitraries.doubles().between(0, 86_400).ofScale(3).injectNull(0.5))
                .as(JobEvent::new);
    }

    private static Arbitrary<EventData> checks() {
        return Combinators.combine(names(), names(), Arbitraries.of(CheckEvent.CheckKind.class),
                Arbitraries.of(true, false), Arbitraries.doubles().between(0, 60_000).ofScale(2).injectNull(0.5),
                prose().injectNull(0.5)).as(CheckEvent::new);
    }

    private static Arbitrary<EventData> progress() {
        return Combinators.combine(names(), names(), names(), counts(), counts().injectNull(0.3),
                Arbitraries.of(ReconciliationProgressEvent.ProgressState.class)).as(ReconciliationProgressEvent::new);
    }

    /** A plan's text: several lines, indented, as YAML is. */
    private static Arbitrary<EventData> plans() {
        Arbitrary<String> text = prose().list().ofMinSize(1).ofMaxSize(5)
                .map(lines -> String.join("\n  ", lines) + "\n");
        return Combinators.combine(names(), text, names(), names().injectNull(0.5)).as(PlanEvent::new);
    }

    private static Arbitrary<EventData> decisions() {
        return Combinators.combine(names(), Arbitraries.of(DecisionEvent.Decision.class), prose(), prose(),
                names().injectNull(0.5), names().injectNull(0.5)).as(DecisionEvent::new);
    }
}
