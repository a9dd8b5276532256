package io.cutovermonitor.validators.plan;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.cutovermonitor.validators.AllocationBudget;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Coverage-guided fuzzing of the plan loader with Jazzer. A plan arrives from outside ({@code PUT
 * /api/migrations/{id}/plan}, a plan directory); whatever its text, the loader gives a plan or throws
 * {@link PlanException} with a message. Any other throwable, more than the per-input time limit or more than the
 * allocation budget (YAML anchors and aliases, numbers with huge exponents) is a finding.
 * <p>
 * Without {@code JAZZER_FUZZ} this is a regression test over the seeds in {@code PlanLoaderJazzerTestInputs/planTexts}
 * (the sample plan, a JSON plan and every crashing input found so far); the build's {@code fuzz-plan-loader} execution
 * fuzzes it for a bounded time (README, "Fuzzing").
 */
class PlanLoaderJazzerTest {

    /** Far above what a plan up to the API's 1 MiB limit needs; an amplifying input crosses it at once. */
    private static final long ALLOCATION_BUDGET = 64L * 1024 * 1024;

    @FuzzTest(maxDuration = "30s")
    @Timeout(5)
    void planTexts(byte[] body) {
        // Given any plan text, as the API decodes a request body
        String text = new String(body, StandardCharsets.UTF_8);

        // When it is loaded
        String refusal = AllocationBudget.within(ALLOCATION_BUDGET, () -> {
            try {
                assertThat(PlanLoader.fromText(text, "fuzzed-migration")).isNotNull();
                return null;
            } catch (PlanException e) {
                return e.getMessage();
            }
        });

        // Then it is a plan, or a refusal that says why
        if (refusal != null) {
            assertThat(refusal).isNotBlank();
        }
    }
}
