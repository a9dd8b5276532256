package io.cutovermonitor.service.api;

import io.cutovermonitor.validators.event.DecisionEvent.Decision;
import io.cutovermonitor.validators.rules.Rule;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The body of {@code POST /api/migrations/{id}/decisions}: {@code {"decision":"GO|NO_GO|ROLLBACK","by":"…",
 * "reason":"…","rule":"…"}} with {@code by} and {@code rule} optional.
 *
 * @param by   who decided; null means the authenticated user
 * @param rule the rule the decision answers (a GO naming a rollback trigger answers it); null for none
 */
record DecisionRequest(Decision decision, String by, String reason, String rule) {

    static final int MAX_BY = 200;
    static final int MAX_REASON = 4000;
    private static final Set<String> FIELDS = Set.of("decision", "by", "reason", "rule");

    /** A request that cannot be recorded, with every reason why. */
    static final class Invalid extends Exception {
        private final List<String> problems;

        Invalid(List<String> problems) {
            super(String.join("; ", problems));
            this.problems = List.copyOf(problems);
        }

        List<String> problems() {
            return problems;
        }
    }

    /** Reads and checks a request body; reports all problems at once. */
    static DecisionRequest from(JsonNode body) throws Invalid {
        if (body == null || !body.isObject()) {
            throw new Invalid(List.of("the body must be a JSON object {\"decision\":…,\"by\":…,\"reason\":…,\"rule\":…}"));
        }
        List<String> problems = new ArrayList<>();
        body.propertyNames().stream().filter(name -> !FIELDS.contains(name)).sorted()
                .forEach(name -> problems.add(name + ": unknown field (decision, by, reason, rule)"));

        String decisionText = text(body, "decision", true, 20, problems);
        Decision decision = null;
        if (decisionText != null) {
            decision = Arrays.stream(Decision.values()).filter(d -> d.name().equals(decisionText)).findFirst()
                    .orElse(null);
            if (decision == null) {
                problems.add("decision: must be one of " + Arrays.stream(Decision.values()).map(Enum::name)
                        .collect(Collectors.joining(", ")) + ", not " + decisionText);
            }
        }
        String by = text(body, "by", false, MAX_BY, problems);
        String reason = text(body, "reason", true, MAX_REASON, problems);
        String rule = text(body, "rule", false, 100, problems);
        if (rule != null && Rule.byId(rule).isEmpty()) {
            problems.add("rule: unknown rule " + rule + " (one of " + Arrays.stream(Rule.values()).map(Rule::id)
                    .collect(Collectors.joining(", ")) + ")");
        }
        if (!problems.isEmpty()) {
            throw new Invalid(problems);
        }
        return new DecisionRequest(decision, by, reason, rule);
    }

    /** A text field: absent or null is allowed only when optional; blank counts as absent. */
    private static String text(JsonNode body, String field, boolean required, int maxLength, List<String> problems) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            if (required) {
                problems.add(field + ": is required");
            }
            return null;
        }
        if (!node.isString()) {
            problems.add(field + ": must be a string");
            return null;
        }
        String value = node.stringValue().strip();
        if (value.isEmpty()) {
            if (required) {
                problems.add(field + ": must not be blank");
            }
            return null;
        }
        if (value.length() > maxLength) {
            problems.add(field + ": at most " + maxLength + " characters");
            return null;
        }
        return value;
    }
}
