package io.cutovermonitor.service.api;

import io.cutovermonitor.validators.event.DecisionEvent.Decision;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DecisionRequestTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static DecisionRequest read(String body) throws DecisionRequest.Invalid {
        return DecisionRequest.from(JSON.readTree(body));
    }

    @Test
    void aCompleteDecisionIsRead() throws Exception {
        DecisionRequest request = read("""
                {"decision":"ROLLBACK","by":" Taro Tanaka ","reason":"3 integrity errors","rule":"integrity-errors"}""");

        assertThat(request).isEqualTo(new DecisionRequest(Decision.ROLLBACK, "Taro Tanaka", "3 integrity errors",
                "integrity-errors"));
    }

    @Test
    void byAndRuleAreOptional() throws Exception {
        assertThat(read("{\"decision\":\"NO_GO\",\"reason\":\"rehearsal too slow\",\"by\":\"  \"}"))
                .isEqualTo(new DecisionRequest(Decision.NO_GO, null, "rehearsal too slow", null));
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        assertThatThrownBy(() -> read("{\"decision\":\"go\",\"by\":42,\"reasn\":\"typo\",\"rule\":\"coffee\"}"))
                .isInstanceOfSatisfying(DecisionRequest.Invalid.class, e -> assertThat(e.problems()).containsExactly(
                        "reasn: unknown field (decision, by, reason, rule)",
                        "decision: must be one of GO, NO_GO, ROLLBACK, not go",
                        "by: must be a string",
                        "reason: is required",
                        "rule: unknown rule coffee (one of integrity-mismatch, integrity-errors, cutover-overrun, "
                                + "cutover-projected-overrun, window-reserve, throughput-floor, core-function-failure, "
                                + "connectivity, observation-incident, rollback-deadline, telemetry-stale)"));
    }

    @Test
    void aBlankReasonOrAnOverlongOneIsRefused() {
        assertThatThrownBy(() -> read("{\"decision\":\"GO\",\"reason\":\"   \"}"))
                .hasMessage("reason: must not be blank");
        assertThatThrownBy(() -> read("{\"decision\":\"GO\",\"reason\":\"" + "x".repeat(4001) + "\"}"))
                .hasMessage("reason: at most 4000 characters");
    }

    @Test
    void theBodyMustBeAnObject() {
        assertThatThrownBy(() -> read("[\"GO\"]")).hasMessageStartingWith("the body must be a JSON object");
    }
}
