package io.cutovermonitor.dashboards;

import io.cutovermonitor.validators.event.PhaseEvent;
import io.cutovermonitor.validators.plan.MigrationPlan;
import io.cutovermonitor.validators.rules.Rule;
import io.cutovermonitor.validators.rules.Severity;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rule lists the dashboards and the alerting rules filter on are the engine's catalogue ({@link Rule}): a rule
 * added, re-graded or made a rollback trigger in {@code validators} fails here until the dashboards follow, instead
 * of silently dropping out of a panel on the night.
 */
class RuleCatalogueTest {

    @Test
    void theSeverityListsAreTheCataloguesSeverities() {
        assertThat(split(CutoverDashboards.CRITICAL_RULES)).containsExactlyInAnyOrderElementsOf(
                ids(r -> r.severity() == Severity.CRITICAL));
        assertThat(split(CutoverDashboards.WARNING_RULES)).containsExactlyInAnyOrderElementsOf(
                ids(r -> r.severity() == Severity.WARNING));
    }

    @Test
    void theRollbackTriggersAreTheCataloguesAndThePlansAndTheAlertingRulesOnes() {
        List<String> triggers = ids(Rule::isRollbackTrigger);
        assertThat(split(CutoverDashboards.ROLLBACK_TRIGGERS)).containsExactlyInAnyOrderElementsOf(triggers);
        assertThat(MigrationPlan.ROLLBACK_RULES).as("the plan's rollback procedures")
                .containsExactlyInAnyOrderElementsOf(triggers);
        assertThat(Repo.read(Repo.module().resolve("prometheus/rules/cutover-monitor.rules.yml")))
                .as("the alerting rule for rollback triggers")
                .contains("rule=~\"" + CutoverDashboards.ROLLBACK_TRIGGERS + "\"");
    }

    @Test
    void thePhaseListIsTheContractsPhases() {
        assertThat(CutoverDashboards.phases()).containsExactly(
                Arrays.stream(PhaseEvent.Phase.values()).map(Enum::name).toArray(String[]::new));
    }

    private static List<String> split(String alternatives) {
        return List.of(alternatives.split("\\|"));
    }

    private static List<String> ids(Predicate<Rule> which) {
        return Arrays.stream(Rule.values()).filter(which).map(Rule::id).toList();
    }
}
