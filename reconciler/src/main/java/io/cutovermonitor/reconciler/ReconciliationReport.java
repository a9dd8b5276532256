package io.cutovermonitor.reconciler;

import java.time.Duration;
import java.util.List;

/** The outcome of one run over all its tables. */
public record ReconciliationReport(String migrationId, String runId, List<TableReport> tables, Duration elapsed) {

    public ReconciliationReport {
        tables = List.copyOf(tables);
    }

    public boolean matched() {
        return tables.stream().allMatch(TableReport::matched);
    }

    public List<KeyDifference> differences() {
        return tables.stream().flatMap(t -> t.differences().stream()).toList();
    }
}
