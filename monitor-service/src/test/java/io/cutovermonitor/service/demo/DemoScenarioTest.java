package io.cutovermonitor.service.demo;

import io.cutovermonitor.validators.event.EventParser;
import io.cutovermonitor.validators.event.ParseResult;
import io.cutovermonitor.validators.plan.MigrationPlan;
import io.cutovermonitor.validators.rules.AlertTransition;
import io.cutovermonitor.validators.rules.MigrationState;
import io.cutovermonitor.validators.rules.MigrationStatus;
import io.cutovermonitor.validators.rules.Outcome;
import io.cutovermonitor.validators.rules.RuleEngine;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The demo's story, judged by the real rule engine under the default (OMS) plan, without Kafka. */
class DemoScenarioTest {

    private static final Instant CUTOVER = Instant.parse("2026-03-07T22:00:00Z");
    private static final MigrationPlan PLAN = MigrationPlan.defaults();

    private static final List<DemoScenario.Record> RECORDS = DemoScenario.generate("oms-demo", CUTOVER, 7);

    @Test
    void theSameSeedGivesTheSameRecordsAndAnotherSeedOtherNumbers() {
        List<DemoScenario.Record> again = DemoScenario.generate("oms-demo", CUTOVER, 7);
        assertThat(again).hasSameSizeAs(RECORDS);
        for (int i = 0; i < RECORDS.size(); i++) {
            assertThat(again.get(i).text()).isEqualTo(RECORDS.get(i).text());
        }
        assertThat(DemoScenario.generate("oms-demo", CUTOVER, 8).stream().map(DemoScenario.Record::text).toList())
                .isNotEqualTo(RECORDS.stream().map(DemoScenario.Record::text).toList());
    }

    @Test
    void usesThePlansTablesJobsAndChecks() {
        assertThat(DemoScenario.TABLES.stream().map(DemoScenario.Table::name).toList()).isEqualTo(PLAN.tables());
        String all = RECORDS.stream().map(DemoScenario.Record::text).collect(Collectors.joining("\n"));
        PLAN.jobs().forEach(job -> assertThat(all).contains("\"job\":\"" + job + "\""));
        PLAN.checks().forEach(check -> assertThat(all).contains("\"check\":\"" + check.name() + "\""));
        PLAN.tables().forEach(table -> assertThat(all).contains("\"table\":\"" + table + "\""));
        assertThat(all).contains("\"component\":\"hypermotion\"").contains("\"component\":\"aws-batch\"");
    }

    @Test
    void everyRecordIsAValidEventInTimeOrderButTheOneFromTheLegacyBridge() {
        EventParser parser = new EventParser();
        List<String> rejected = new ArrayList<>();
        for (DemoScenario.Record r : RECORDS) {
            if (parser.parseStructured(r.value()) instanceof ParseResult.Rejected no) {
                rejected.add(r.id() + " " + no.rejection().message());
            }
        }
        assertThat(rejected).singleElement().asString().contains("data.state");
        assertThat(RECORDS).isSortedAccordingTo((a, b) -> a.time().compareTo(b.time()));
        assertThat(RECORDS.stream().map(DemoScenario.Record::id).distinct()).hasSameSizeAs(RECORDS);
        assertThat(RECORDS.size()).isBetween(1000, 3000);
    }

    /** Any seed tells the same story: the numbers and timings vary, the decisions do not. */
    @ParameterizedTest
    @ValueSource(longs = {20251220, 1, 2, 3})
    void theRuleEngineSeesTheStoryTheDemoTells(long seed) {
        List<DemoScenario.Record> records = DemoScenario.generate("oms-demo", CUTOVER, seed);
        EventParser parser = new EventParser();
        MigrationState state = MigrationState.initial("oms-demo");
        List<AlertTransition> transitions = new ArrayList<>();
        boolean projected = false;
        boolean deadlineOpen = false;
        for (DemoScenario.Record r : records) {
            if (!(parser.parseStructured(r.value()) instanceof ParseResult.Accepted ok)) {
                continue;
            }
            // arriving long after its event time: judged on event time alone, as the demo's stream is
            Outcome outcome = RuleEngine.apply(state, PLAN, ok.event(), r.time().plus(Duration.ofDays(60)));
            state = outcome.state();
            transitions.addAll(outcome.transitions());
            if (r.time().isAfter(CUTOVER) && r.time().isBefore(CUTOVER.plus(Duration.ofHours(6)))) {
                MigrationStatus status = MigrationStatus.of(state, PLAN, r.time());
                projected |= status.projectedFinish() != null;
                deadlineOpen |= !status.rollbackDeadlines().isEmpty();
            }
        }

        assertThat(transitions).anySatisfy(t -> {
            assertThat(t.rule()).isEqualTo("integrity-errors");
            assertThat(t.state().name()).isEqualTo("FIRING");
            assertThat(t.action().name()).isEqualTo("ROLLBACK");
            assertThat(t.at()).isBetween(CUTOVER, CUTOVER.plus(Duration.ofHours(6)));
        });
        assertThat(fired(transitions)).containsExactlyInAnyOrder("throughput-floor", "window-reserve", "connectivity",
                "integrity-mismatch", "integrity-errors", "observation-incident");
        assertThat(transitions).noneMatch(t -> t.rule().equals("rollback-deadline") || t.rule().equals("cutover-overrun")
                || t.rule().equals("core-function-failure") || t.rule().equals("cutover-projected-overrun"));
        assertThat(projected).as("a projected finish while the FINAL sync runs").isTrue();
        assertThat(deadlineOpen).as("the rollback deadline of the trigger until the GO").isTrue();

        MigrationStatus end = MigrationStatus.of(state, PLAN, records.get(records.size() - 1).time());
        assertThat(end.firing()).as("every episode ended").isEmpty();
        assertThat(end.rollbackDeadlines()).isEmpty();
        assertThat(end.observationDay()).isEqualTo(30);
        assertThat(end.readyForAcceptance()).isTrue();
        assertThat(end.cutoverElapsed()).isEqualTo(Duration.ofMinutes(5 * 60 + 25));
        assertThat(end.tables().values()).allSatisfy(t -> assertThat(t.mismatched()).isZero());
        assertThat(transitions.stream().filter(t -> t.rule().equals("observation-incident")
                && t.state().name().equals("FIRING"))).hasSize(4);
    }

    @Test
    void historyIsPublishedAtOnceThenEventTimeRunsAtTheSpeedQuietStretchesAreSkippedAndTheDecisionIsHeld() {
        Instant now = CUTOVER.minus(Duration.ofHours(1));
        List<DemoScenario.Record> stream = List.of(at(now.minusSeconds(3600), NIGHT), at(now, NIGHT),
                at(now.plusSeconds(120), NIGHT), at(now.plusSeconds(240), NIGHT),
                at(now.plusSeconds(300), DemoScenario.Pace.DECISION_ON_ROLLBACK_TRIGGER),
                at(now.plusSeconds(900), DemoScenario.Pace.OBSERVATION), at(now.plus(Duration.ofDays(1)),
                        DemoScenario.Pace.OBSERVATION));
        long[] wall = DemoReplay.schedule(stream, now, DEFAULTS);
        // history at once; 2 min of the night per second; the decision a minute after the event before it; after
        // go-live 10 min per second; a quiet day 2 s
        assertThat(Arrays.stream(wall).boxed().toList()).containsExactly(0L, 0L, 1_000_000_000L, 2_000_000_000L,
                62_000_000_000L, 63_000_000_000L, 65_000_000_000L);

        long[] demo = DemoReplay.schedule(RECORDS, now, DEFAULTS);
        Duration length = Duration.ofNanos(demo[demo.length - 1]);
        System.out.println("the default demo plays for " + length);
        assertThat(length).as("the default demo's length").isBetween(Duration.ofMinutes(5), Duration.ofMinutes(20));
        // no quiet stretch inside the cutover: it plays at the speed, all 5 h 25 min of it (162.5 s), plus the wall
        // time the war room is given before its decision on the integrity-errors trigger
        int start = indexOf(RECORDS, CUTOVER);
        int end = indexOf(RECORDS, CUTOVER.plus(Duration.ofMinutes(5 * 60 + 25)));
        List<DemoScenario.Record> held = RECORDS.subList(start, end).stream()
                .filter(r -> r.pace() == DemoScenario.Pace.DECISION_ON_ROLLBACK_TRIGGER).toList();
        assertThat(held).singleElement().satisfies(r -> assertThat(r.text()).contains("\"rule\":\"integrity-errors\""));
        int decision = RECORDS.indexOf(held.get(0));
        assertThat(demo[decision] - demo[decision - 1]).isEqualTo(60_000_000_000L);
        double naturalGapMillis = Duration.between(RECORDS.get(decision - 1).time(), RECORDS.get(decision).time())
                .toMillis() / 120.0;
        assertThat((demo[end] - demo[start]) / 1e6).isCloseTo(162_500 + 60_000 - naturalGapMillis, within(1.0));
    }

    /** The demo's settings as Spring binds them with nothing set: its defaults. */
    private static final DemoProperties DEFAULTS = new Binder(new MapConfigurationPropertySource(
            Map.of("monitor.demo.enabled", "true"))).bind("monitor.demo", DemoProperties.class).get();
    private static final DemoScenario.Pace NIGHT = DemoScenario.Pace.CUTOVER_NIGHT;

    private static DemoScenario.Record at(Instant time, DemoScenario.Pace pace) {
        return new DemoScenario.Record(time, "id", "type", new byte[0], null, pace);
    }

    private static int indexOf(List<DemoScenario.Record> records, Instant time) {
        for (int i = 0; i < records.size(); i++) {
            if (records.get(i).time().equals(time)) {
                return i;
            }
        }
        throw new AssertionError("no record at " + time);
    }

    private static Set<String> fired(List<AlertTransition> transitions) {
        return transitions.stream().filter(t -> t.state().name().equals("FIRING")).map(AlertTransition::rule)
                .collect(Collectors.toSet());
    }
}
