package io.cutovermonitor.validators.rules;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The contract examples, judged as the contract runner judges them, strictly: every expected transition with its
 * rule, state, {@code at}, action, severity, evidence, decision maker and deadline, and nothing else.
 */
class ContractReplayTest {

    static Stream<Path> scenarios() throws IOException, URISyntaxException {
        Path dir = Path.of(ContractReplayTest.class.getResource("/contract").toURI());
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".json")).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void the_engine_gives_exactly_the_expected_alert_transitions(Path file) {
        // Given the scenario's events for one migration
        String mid = "hs-test-" + file.getFileName().toString().substring(0, 2);
        ContractScenario scenario = ContractScenario.read(file, mid);

        // When they are replayed long after they happened
        List<AlertTransition> alerts = ContractScenario.replay(mid, scenario.events());

        // Then every expected transition is there, as expected, and nothing else
        List<String> problems = judge(scenario.expected(), alerts);
        if (Boolean.getBoolean("contract.verbose")) {
            System.out.println(scenario.name() + ":\n" + describe(alerts));
        }
        assertThat(problems).as("%s, alerts seen:%n%s", scenario.name(), describe(alerts)).isEmpty();
    }

    static List<String> judge(List<JsonNode> expected, List<AlertTransition> alerts) {
        List<String> problems = new ArrayList<>();
        Set<Integer> used = new HashSet<>();
        for (JsonNode e : expected) {
            String label = e.get("rule").asString() + " " + e.get("state").asString() + " at " + e.get("at").asString();
            int match = -1;
            for (int i = 0; i < alerts.size() && match < 0; i++) {
                AlertTransition a = alerts.get(i);
                if (!used.contains(i) && a.rule().equals(e.get("rule").asString())
                        && a.state().name().equals(e.get("state").asString())
                        && a.at().equals(Instant.parse(e.get("at").asString()))) {
                    match = i;
                }
            }
            if (match < 0) {
                problems.add("missing " + label + " (" + e.get("why").asString() + ")");
                continue;
            }
            used.add(match);
            AlertTransition a = alerts.get(match);
            if (e.has("action") && !a.action().name().equals(e.get("action").asString())) {
                problems.add(label + ": action " + a.action());
            }
            if (e.has("severity") && !a.severity().name().equals(e.get("severity").asString())) {
                problems.add(label + ": severity " + a.severity());
            }
            if (e.has("evidenceIncludes")) {
                for (JsonNode group : e.get("evidenceIncludes")) {
                    List<String> alternatives = new ArrayList<>();
                    if (group.isArray()) {
                        group.forEach(g -> alternatives.add(g.asString()));
                    } else {
                        alternatives.add(group.asString());
                    }
                    if (alternatives.stream().noneMatch(a.evidence()::contains)) {
                        problems.add(label + ": evidence " + a.evidence() + " lacks one of " + alternatives);
                    }
                }
            }
            if (e.has("decisionMakerContains") && (a.decisionMaker() == null
                    || !norm(a.decisionMaker()).contains(norm(e.get("decisionMakerContains").asString())))) {
                problems.add(label + ": decisionMaker " + a.decisionMaker());
            }
            if (e.has("respondWithin") && !Duration.parse(e.get("respondWithin").asString()).equals(a.respondWithin())) {
                problems.add(label + ": respondWithin " + a.respondWithin());
            }
        }
        for (int i = 0; i < alerts.size(); i++) {
            if (!used.contains(i)) {
                AlertTransition a = alerts.get(i);
                problems.add("unexpected " + a.rule() + " " + a.state() + " " + a.action() + " at " + a.at()
                        + ": " + a.summary());
            }
        }
        Set<String> firings = new HashSet<>();
        alerts.stream().filter(a -> a.state() == AlertState.FIRING).map(AlertTransition::episodeKey)
                .filter(k -> !firings.add(k)).forEach(k -> problems.add("second FIRING of episode " + k));
        return problems;
    }

    private static String norm(String text) {
        return text.replaceAll("[\\s_\\-.]+", " ").trim().toLowerCase(Locale.ROOT);
    }

    static String describe(List<AlertTransition> alerts) {
        StringBuilder out = new StringBuilder();
        alerts.forEach(a -> out.append("  ").append(a.at()).append(' ').append(a.rule()).append(' ').append(a.state())
                .append(' ').append(a.action()).append(": ").append(a.summary()).append(' ').append(a.evidence())
                .append('\n'));
        return out.toString();
    }
}
