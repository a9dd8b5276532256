package io.cutovermonitor.validators.rules;

import io.cutovermonitor.validators.event.CheckEvent;
import io.cutovermonitor.validators.event.CheckEvent.CheckKind;
import io.cutovermonitor.validators.event.Chunk;
import io.cutovermonitor.validators.event.DecisionEvent;
import io.cutovermonitor.validators.event.EventData;
import io.cutovermonitor.validators.event.JobEvent;
import io.cutovermonitor.validators.event.PhaseEvent;
import io.cutovermonitor.validators.event.PhaseEvent.Phase;
import io.cutovermonitor.validators.event.PhaseEvent.PhaseStatus;
import io.cutovermonitor.validators.event.ReconciliationEvent;
import io.cutovermonitor.validators.event.ReconciliationEvent.Side;
import io.cutovermonitor.validators.event.SyncEvent;
import io.cutovermonitor.validators.event.TelemetryEvent;
import io.cutovermonitor.validators.event.ThroughputEvent;
import io.cutovermonitor.validators.plan.MigrationPlan;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Properties of the engine over random cutover streams. */
class RuleEnginePropertiesTest {

    private static final MigrationPlan PLAN = MigrationPlan.defaults();
    private static final String[] TABLES = {"orders", "po_lines", "inventory"};
    private static final String[] CHECKS = {"order-receipt", "purchase-order", "erp-api"};
    private static final String[] RULES = {"integrity-errors", "cutover-overrun", "core-function-failure", null};

    /** One step of a random stream: how far time moves, which kind of event, and a free choice within it. */
    record Move(int minutes, int kind, int choice) {
    }

    @Provide
    Arbitrary<List<Move>> streams() {
        Arbitrary<Move> move = Combinators.combine(Arbitraries.integers().between(0, 90),
                Arbitraries.integers().between(0, 11), Arbitraries.integers().between(0, 999)).as(Move::new);
        return move.list().ofMinSize(1).ofMaxSize(80);
    }

    @Property(tries = 200)
    void the_same_events_in_the_same_order_give_the_same_alerts(@ForAll("streams") List<Move> moves) {
        List<TelemetryEvent> events = events("m-a", moves);

        assertThat(replay("m-a", events)).isEqualTo(replay("m-a", events));
    }

    @Property(tries = 100)
    void interleaved_migrations_each_get_the_alerts_they_get_alone(@ForAll("streams") List<Move> a,
                                                                   @ForAll("streams") List<Move> b,
                                                                   @ForAll long seed) {
        List<TelemetryEvent> first = events("m-a", a);
        List<TelemetryEvent> second = events("m-b", b);
        List<TelemetryEvent> mixed = interleave(first, second, new Random(seed));

        Map<String, MigrationState> states = new HashMap<>();
        Map<String, List<AlertTransition>> alerts = new LinkedHashMap<>();
        for (TelemetryEvent e : mixed) {
            MigrationState state = states.computeIfAbsent(e.migrationId(), MigrationState::initial);
            Outcome outcome = RuleEngine.apply(state, PLAN, e, e.time().plus(Duration.ofDays(400)));
            states.put(e.migrationId(), outcome.state());
            alerts.computeIfAbsent(e.migrationId(), id -> new ArrayList<>()).addAll(outcome.transitions());
        }

        assertThat(alerts.getOrDefault("m-a", List.of())).isEqualTo(replay("m-a", first));
        assertThat(alerts.getOrDefault("m-b", List.of())).isEqualTo(replay("m-b", second));
    }

    @Property(tries = 300)
    void every_episode_fires_once_and_resolves_at_most_once_after_it(@ForAll("streams") List<Move> moves) {
        List<AlertTransition> alerts = replay("m-a", events("m-a", moves));

        Set<String> fired = new HashSet<>();
        Set<String> resolved = new HashSet<>();
        for (AlertTransition a : alerts) {
            if (a.state() == AlertState.FIRING) {
                assertThat(fired.add(a.episodeKey())).as("second FIRING of %s", a.episodeKey()).isTrue();
                assertThat(a.decisionMaker() != null).isEqualTo(a.action() == Action.ROLLBACK);
            } else {
                assertThat(fired).as("RESOLVED before FIRING: %s", a.episodeKey()).contains(a.episodeKey());
                assertThat(resolved.add(a.episodeKey())).as("second RESOLVED of %s", a.episodeKey()).isTrue();
            }
        }
    }

    @Property(tries = 100)
    void a_restart_from_json_anywhere_changes_nothing(@ForAll("streams") List<Move> moves, @ForAll long seed) {
        List<TelemetryEvent> events = events("m-a", moves);
        int restartAt = new Random(seed).nextInt(events.size());

        MigrationState state = MigrationState.initial("m-a");
        List<AlertTransition> alerts = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            Outcome outcome = RuleEngine.apply(state, PLAN, events.get(i), events.get(i).time().plus(Duration.ofDays(400)));
            alerts.addAll(outcome.transitions());
            state = i == restartAt ? MigrationStateJson.read(MigrationStateJson.write(outcome.state())) : outcome.state();
        }

        assertThat(alerts).isEqualTo(replay("m-a", events));
    }

    @Property(tries = 200)
    void the_status_counts_the_chunks_a_full_scan_of_them_counts(@ForAll("streams") List<Move> moves,
                                                                  @ForAll int minutesLater) {
        // Given the state after a random stream, its open chunks kept as it went
        List<TelemetryEvent> events = events("m-a", moves);
        MigrationState state = MigrationState.initial("m-a");
        for (TelemetryEvent e : events) {
            state = RuleEngine.apply(state, PLAN, e, e.time().plus(Duration.ofDays(400))).state();
        }
        Instant readAt = events.get(events.size() - 1).time().plus(Duration.ofMinutes(Math.floorMod(minutesLater, 120)));

        // When the status is read
        MigrationStatus status = MigrationStatus.of(state, PLAN, readAt);
        Instant clock = state.clock().eventTime();

        // Then each table's open chunks are those a scan of all its chunks finds, and each chunk and each count is
        // what judging every chunk gives
        state.tables().forEach((table, integrity) -> {
            assertThat(integrity.open()).isEqualTo(MigrationState.TableIntegrity.of(integrity.chunks()).open());
            MigrationStatus.TableStatus t = status.tables().get(table);
            Map<MigrationStatus.Integrity, Integer> scanned = new HashMap<>();
            integrity.chunks().forEach((chunk, c) -> {
                MigrationStatus.Integrity judged = MigrationStatus.integrity(c, clock, PLAN);
                assertThat(t.chunks().get(chunk)).as(chunk).isEqualTo(judged);
                scanned.merge(judged, 1, Integer::sum);
            });
            assertThat(t.chunks()).hasSize(integrity.chunks().size());
            assertThat(new int[]{t.matched(), t.mismatched(), t.pending(), t.unverified()}).containsExactly(
                    scanned.getOrDefault(MigrationStatus.Integrity.MATCHED, 0),
                    scanned.getOrDefault(MigrationStatus.Integrity.MISMATCHED, 0),
                    scanned.getOrDefault(MigrationStatus.Integrity.PENDING, 0),
                    scanned.getOrDefault(MigrationStatus.Integrity.UNVERIFIED, 0));
        });
    }

    private static List<AlertTransition> replay(String mid, List<TelemetryEvent> events) {
        MigrationState state = MigrationState.initial(mid);
        List<AlertTransition> alerts = new ArrayList<>();
        for (TelemetryEvent e : events) {
            Outcome outcome = RuleEngine.apply(state, PLAN, e, e.time().plus(Duration.ofDays(400)));
            state = outcome.state();
            alerts.addAll(outcome.transitions());
        }
        return alerts;
    }

    private static List<TelemetryEvent> interleave(List<TelemetryEvent> a, List<TelemetryEvent> b, Random random) {
        List<TelemetryEvent> out = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < a.size() || j < b.size()) {
            boolean takeA = j >= b.size() || (i < a.size() && random.nextBoolean());
            out.add(takeA ? a.get(i++) : b.get(j++));
        }
        return out;
    }

    /** A stream in event-time order, with the events a cutover has: phases, syncs, reconciliations, checks... */
    static List<TelemetryEvent> events(String mid, List<Move> moves) {
        Instant t = Instant.parse("2026-01-10T20:00:00Z");
        List<TelemetryEvent> events = new ArrayList<>();
        int n = 0;
        for (Move m : moves) {
            t = t.plus(Duration.ofMinutes(m.minutes()));
            int c = m.choice();
            String table = TABLES[c % TABLES.length];
            Chunk chunk = c % 4 == 0 ? null : Chunk.ofId(String.valueOf(c % 3));
            String run = "r" + (c % 5);
            long rows = 1000;
            long other = c % 2 == 0 ? rows : rows - (c % 7);
            EventData data = switch (m.kind()) {
                case 0 -> new PhaseEvent(mid, Phase.CUTOVER, null, PhaseStatus.values()[c % 3], null);
                case 1 -> new PhaseEvent(mid, Phase.values()[c % 6], c % 2 == 0 ? "rehearsal-" + (c % 2) : null,
                        PhaseStatus.values()[c % 3], c % 10 == 0 ? Duration.ofHours(c % 9 + 1) : null);
                case 2 -> new SyncEvent(mid, "oms", SyncEvent.SyncMode.values()[c % 3], c * 100L, 200_000L, null,
                        SyncEvent.SyncState.values()[c % 3]);
                case 3, 4 -> new ReconciliationEvent(mid, run, table, chunk, new Side(rows, null), new Side(other, null),
                        null);
                case 5 -> new ReconciliationEvent(mid, run, table, chunk, c % 2 == 0 ? new Side(rows, "x") : null,
                        c % 2 == 0 ? null : new Side(other, "y"), null);
                case 6 -> new ThroughputEvent(mid, "batch", c * 20L, t.minus(Duration.ofMinutes(10)), t);
                case 7 -> new JobEvent(mid, "job-" + (c % 2), run, JobEvent.JobState.values()[c % 3], null, null);
                case 8, 9 -> new CheckEvent(mid, CHECKS[c % 3], c % 3 == 2 ? CheckKind.CONNECTIVITY : CheckKind.FUNCTION,
                        c % 2 == 0, null, null);
                case 10 -> new DecisionEvent(mid, DecisionEvent.Decision.values()[c % 3], "Lead", "why", RULES[c % 4], null);
                default -> new PhaseEvent(mid, Phase.ROLLBACK, null, PhaseStatus.values()[c % 2], null);
            };
            events.add(new TelemetryEvent(mid + "-" + (++n), "/prop", t, data, "h" + n));
        }
        return events;
    }
}
