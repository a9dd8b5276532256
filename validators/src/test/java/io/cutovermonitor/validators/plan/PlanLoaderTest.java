package io.cutovermonitor.validators.plan;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PlanLoaderTest {

    private static Path samplePlan() {
        Path here = Path.of("").toAbsolutePath();
        for (Path dir = here; dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("plans/oms-cloud-migration.yaml");
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("plans/oms-cloud-migration.yaml not found above " + here);
    }

    @Test
    void the_sample_oms_plan_carries_the_default_numbers() {
        // Given the sample plan of the repository
        Path file = samplePlan();

        // When it is loaded
        MigrationPlan plan = PlanLoader.load(file);

        // Then it is the OMS plan: the defaults' numbers, written for the migration
        MigrationPlan defaults = MigrationPlan.defaults();
        assertThat(plan.name()).isEqualTo("oms-cloud-migration");
        assertThat(plan.defaultPlan()).isFalse();
        assertThat(plan).isEqualTo(defaults.asOwnPlan("oms-cloud-migration"));
        assertThat(plan.jobs()).hasSize(15);
    }

    @Test
    void a_json_plan_reads_like_yaml() {
        // Given a JSON plan overriding two settings
        String json = """
                {"migration": "crm", "integrity": {"errors": {"threshold": 5}},
                 "cutover": {"maxDuration": "PT4H"}}""";

        // When it is loaded
        MigrationPlan plan = PlanLoader.fromText(json, "fallback");

        // Then the two settings change and every other stays the default
        assertThat(plan.integrity().errorsThreshold()).isEqualTo(5);
        assertThat(plan.cutover().maxDuration()).isEqualTo(Duration.ofHours(4));
        assertThat(plan.integrity().errorsWindow()).isEqualTo(Duration.ofHours(6));
        assertThat(plan.name()).isEqualTo("crm");
    }

    @Test
    void an_unknown_setting_is_refused_with_its_line() {
        String yaml = """
                migration: x
                cutover:
                  maxDuration: PT6H
                  maxDurtion: PT5H
                """;
        assertThatThrownBy(() -> PlanLoader.fromYaml(yaml, "x"))
                .isInstanceOf(PlanException.class)
                .hasMessageContaining("line 4")
                .hasMessageContaining("unknown setting 'cutover.maxDurtion'");
    }

    @Test
    void an_unknown_rule_is_refused_with_its_line() {
        String yaml = """
                rollback:
                  integrity-errors:
                    decisionMaker: Lead
                  integrity-eror:
                    decisionMaker: Lead
                """;
        assertThatThrownBy(() -> PlanLoader.fromYaml(yaml, "x"))
                .hasMessageContaining("line 4")
                .hasMessageContaining("rollback.integrity-eror");
    }

    @Test
    void a_zero_or_negative_duration_is_refused_with_its_line() {
        assertThatThrownBy(() -> PlanLoader.fromYaml("integrity:\n  confirmDelay: PT0S\n", "x"))
                .hasMessageContaining("line 2").hasMessageContaining("positive duration");
        assertThatThrownBy(() -> PlanLoader.fromYaml("telemetry:\n  silence: -PT10M\n", "x"))
                .hasMessageContaining("line 2").hasMessageContaining("positive duration");
    }

    @Test
    void a_value_of_the_wrong_type_is_refused_with_its_line() {
        assertThatThrownBy(() -> PlanLoader.fromYaml("observation:\n  days: thirty\n", "x"))
                .hasMessageContaining("line 2").hasMessageContaining("must be a number");
        assertThatThrownBy(() -> PlanLoader.fromYaml("integrity:\n  errors:\n    threshold: 2.5\n", "x"))
                .hasMessageContaining("line 3").hasMessageContaining("whole number");
        assertThatThrownBy(() -> PlanLoader.fromYaml("cutover: PT6H\n", "x"))
                .hasMessageContaining("line 1").hasMessageContaining("mapping");
    }

    @Test
    void a_job_writing_an_unknown_table_is_refused_with_its_line() {
        String yaml = """
                tables: [orders]
                jobs:
                  - { name: order-import, tables: [orders] }
                  - { name: invoice-export, tables: [invoices] }
                """;
        assertThatThrownBy(() -> PlanLoader.fromYaml(yaml, "x"))
                .hasMessageContaining("line 4").hasMessageContaining("'invoices'");
    }

    @Test
    void a_core_function_must_be_a_function_check_of_the_plan() {
        String yaml = """
                checks:
                  - { name: erp-api, kind: CONNECTIVITY }
                coreFunctions: [erp-api]
                """;
        assertThatThrownBy(() -> PlanLoader.fromYaml(yaml, "x"))
                .hasMessageContaining("line 3").hasMessageContaining("not a FUNCTION check");
    }

    @Test
    void a_yaml_alias_is_refused_rather_than_read_as_its_anchor_name() {
        // Given a plan that reuses a value through an anchor and an alias (Jackson hands "*lead" over as "lead")
        String yaml = """
                rollback:
                  integrity-errors:
                    decisionMaker: &lead Migration Lead
                  cutover-overrun:
                    decisionMaker: *lead
                """;

        // When it is loaded, Then it is refused at the alias
        assertThatThrownBy(() -> PlanLoader.fromYaml(yaml, "x"))
                .isInstanceOf(PlanException.class).hasMessageContaining("line 5").hasMessageContaining("YAML alias");
    }

    @Test
    void numbers_out_of_range_are_refused_with_their_line_not_written_out() {
        assertThatThrownBy(() -> PlanLoader.fromYaml("observation:\n  days: 1e999999999\n", "x"))
                .isInstanceOf(PlanException.class)
                .hasMessage("line 2: 'observation.days' must be a positive whole number, not 1E+999999999");
        assertThatThrownBy(() -> PlanLoader.fromYaml("cutover:\n  windowReserveFactor: 1e400\n", "x"))
                .hasMessage("line 2: 'cutover.windowReserveFactor' must be a positive number, not 1E+400");
        assertThatThrownBy(() -> PlanLoader.fromJson("{\"observation\": {\"days\": 2e2222222222}}", "x"))
                .isInstanceOf(PlanException.class).hasMessageContaining("a number out of range");
    }

    @Test
    void broken_yaml_names_its_line() {
        assertThatThrownBy(() -> PlanLoader.fromYaml("cutover:\n  maxDuration: [PT6H\n", "x"))
                .isInstanceOf(PlanException.class).hasMessageContaining("not valid YAML");
    }
}
