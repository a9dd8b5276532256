package io.cutovermonitor.service.report;

import tools.jackson.databind.JsonNode;

import java.util.List;
import java.util.stream.StreamSupport;

/** Reading {@code report.json} in the report tests. */
final class ReportJson {

    private ReportJson() {
    }

    /** The element of {@code array} whose {@code field} is {@code value}; fails the test when there is none. */
    static JsonNode find(JsonNode array, String field, String value) {
        return StreamSupport.stream(array.spliterator(), false)
                .filter(n -> n.path(field).asString("").equals(value)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + field + " = " + value + " in " + array));
    }

    static List<String> texts(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asString).toList();
    }
}
