package io.cutovermonitor.validators.rules;

import io.cutovermonitor.validators.event.TelemetryEvent;
import io.cutovermonitor.validators.plan.MigrationPlan;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The state survives a restart: serialised mid-stream and restored, the engine goes on as if uninterrupted. */
class MigrationStateJsonTest {

    static java.util.stream.Stream<Path> scenarios() throws Exception {
        return ContractReplayTest.scenarios();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void a_state_restored_from_json_after_every_event_gives_the_same_alerts(Path file) {
        // Given a contract stream
        String mid = "hs-json";
        List<TelemetryEvent> events = ContractScenario.read(file, mid).events();
        List<AlertTransition> uninterrupted = ContractScenario.replay(mid, events);

        // When the state is written to JSON and read back after every event
        MigrationState state = MigrationState.initial(mid);
        List<AlertTransition> restarted = new ArrayList<>();
        for (TelemetryEvent event : events) {
            Outcome outcome = RuleEngine.apply(state, MigrationPlan.defaults(), event, ContractScenario.farLater(event));
            restarted.addAll(outcome.transitions());
            String json = MigrationStateJson.write(outcome.state());
            state = MigrationStateJson.read(json);
            assertThat(state).isEqualTo(outcome.state());
        }

        // Then the alerts are those of the uninterrupted run
        assertThat(restarted).isEqualTo(uninterrupted);
    }
}
