package io.cutovermonitor.agent;

import io.cutovermonitor.validators.event.CloudEventWriter;
import io.cutovermonitor.validators.event.EventData;
import io.cutovermonitor.validators.event.ReconciliationEvent;
import io.cutovermonitor.validators.event.SyncEvent;
import tools.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * AWS DMS's own account of a replication task, {@code aws dms describe-table-statistics --replication-task-arn …}
 * (the API's DescribeTableStatistics response): per table the full-load rows, the inserts, updates and deletes of
 * change capture, the table's state and, where validation is on, its state and pending and failed records.
 *
 * <p>Each table becomes the sync of the scope {@code dms/<schema>.<table>}: its records the full-load rows plus the
 * changes applied, COMPLETED at "Table completed", FAILED at "Table error" or "Table cancelled", else RUNNING. A
 * table DMS validated becomes a reconciliation too, both sides with its row count (full-load rows plus inserts less
 * deletes). DMS gives no checksum; where it found records that failed validation, the two sides carry DMS's
 * verdict in place of a checksum ({@code dms:validated} against {@code dms:N-failed-validation}), so the monitor
 * counts the table as mismatched. Ids are made of the task, the table and DMS's last update time: the same
 * statistics read twice are the same events, which the monitor takes once.
 */
final class DmsTableStatistics {

    private DmsTableStatistics() {
    }

    static List<Spool.Entry> events(JsonNode response, String migrationId, SyncEvent.SyncMode mode, Instant now) {
        String arn = response.path("ReplicationTaskArn").asString("");
        String task = arn.isEmpty() ? "task" : arn.substring(arn.lastIndexOf(':') + 1);
        List<Spool.Entry> events = new ArrayList<>();
        for (JsonNode t : response.path("TableStatistics")) {
            String table = t.path("SchemaName").asString("") + "." + t.path("TableName").asString("");
            Instant updated = time(t.path("LastUpdateTime"), now);
            long fullLoad = t.path("FullLoadRows").asLong(0);
            long inserts = t.path("Inserts").asLong(0);
            long updates = t.path("Updates").asLong(0);
            long deletes = t.path("Deletes").asLong(0);
            String state = t.path("TableState").asString("").toLowerCase(Locale.ROOT);
            SyncEvent.SyncState syncState = state.equals("table completed") ? SyncEvent.SyncState.COMPLETED
                    : state.equals("table error") || state.equals("table cancelled") ? SyncEvent.SyncState.FAILED
                    : SyncEvent.SyncState.RUNNING;
            String id = "dms-" + task + "-" + table + "-" + updated.toEpochMilli();
            add(events, id + "-sync", updated, new SyncEvent(migrationId, "dms/" + table, mode,
                    fullLoad + inserts + updates + deletes, null, null, syncState));
            String validation = t.path("ValidationState").asString("");
            long failed = t.path("ValidationFailedRecords").asLong(0);
            long rows = Math.max(0, fullLoad + inserts - deletes);
            if (validation.equalsIgnoreCase("Validated") || failed > 0) {
                String target = failed > 0 ? "dms:" + failed + "-failed-validation" : "dms:validated";
                add(events, id + "-validation", updated, new ReconciliationEvent(migrationId, "dms-" + task,
                        t.path("TableName").asString("").toLowerCase(Locale.ROOT), null,
                        new ReconciliationEvent.Side(rows, "dms:validated"),
                        new ReconciliationEvent.Side(rows, target), "aws-dms-validation"));
            }
        }
        return events;
    }

    private static void add(List<Spool.Entry> events, String id, Instant time, EventData data) {
        events.add(new Spool.Entry(id, data.migrationId(),
                CloudEventWriter.structured(id, "/cutover-agent/dms", time, data)));
    }

    /** The CLI writes times as ISO-8601 (v2) or as seconds since the epoch (v1 and the raw API). */
    private static Instant time(JsonNode value, Instant otherwise) {
        if (value.isNumber()) {
            return Instant.ofEpochMilli(new BigDecimal(value.asString()).movePointRight(3).longValue());
        }
        if (value.isString() && !value.asString().isBlank()) {
            return java.time.OffsetDateTime.parse(value.asString()).toInstant();
        }
        return otherwise;
    }
}
