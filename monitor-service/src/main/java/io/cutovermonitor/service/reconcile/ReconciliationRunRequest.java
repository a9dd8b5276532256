package io.cutovermonitor.service.reconcile;

import io.cutovermonitor.validators.plan.MigrationPlan;
import io.cutovermonitor.reconciler.JdbcEndpoint;
import io.cutovermonitor.reconciler.ReconciliationRequest;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The body of {@code POST /api/migrations/{id}/reconciliations}: the names of two configured connections (see
 * {@link ReconciliationProperties}) and, optionally, what to compare and how.
 *
 * @param source       the configured connection of the source database
 * @param target       the configured connection of the target database
 * @param tables       tables to compare (a different name on the target after {@code :}); none: every table of the
 *                     source schema
 * @param recheckDelay ISO-8601 duration ({@code PT30S}); {@code PT0S}: no re-check
 */
record ReconciliationRunRequest(String source, String target, List<String> tables, String sourceSchema,
                                String targetSchema, Integer chunkSize, String recheckDelay,
                                Integer maxDifferences) {

    static final int MAX_CHUNK_SIZE = 1_000_000;

    /** The run a plan schedules: its connections, schemas and tables, the reconciler's defaults for the rest. */
    static ReconciliationRunRequest of(MigrationPlan.ReconciliationSchedule schedule) {
        return new ReconciliationRunRequest(schedule.source(), schedule.target(), schedule.tables(),
                schedule.sourceSchema(), schedule.targetSchema(), null,
                schedule.recheckDelay() == null ? null : schedule.recheckDelay().toString(), null);
    }
    static final int MAX_DIFFERENCES = 10_000;
    static final Duration MAX_RECHECK_DELAY = Duration.ofHours(1);

    /** Why the request cannot run; empty when it can. */
    List<String> problems(Map<String, ReconciliationProperties.Connection> connections) {
        List<String> problems = new ArrayList<>();
        connection("source", source, connections, problems);
        connection("target", target, connections, problems);
        if (tables != null) {
            for (String table : tables) {
                if (table == null || table.isBlank() || table.length() > 256) {
                    problems.add("tables: every table needs a name of 1 to 256 characters");
                    break;
                }
            }
        }
        if (chunkSize != null && (chunkSize < 1 || chunkSize > MAX_CHUNK_SIZE)) {
            problems.add("chunkSize must be between 1 and " + MAX_CHUNK_SIZE);
        }
        if (maxDifferences != null && (maxDifferences < 0 || maxDifferences > MAX_DIFFERENCES)) {
            problems.add("maxDifferences must be between 0 and " + MAX_DIFFERENCES);
        }
        if (recheckDelay != null) {
            try {
                Duration delay = Duration.parse(recheckDelay);
                if (delay.isNegative() || delay.compareTo(MAX_RECHECK_DELAY) > 0) {
                    problems.add("recheckDelay must be between PT0S and " + MAX_RECHECK_DELAY);
                }
            } catch (DateTimeParseException e) {
                problems.add("recheckDelay is not an ISO-8601 duration (e.g. PT30S): " + recheckDelay);
            }
        }
        return problems;
    }

    private static void connection(String field, String name, Map<String, ReconciliationProperties.Connection> connections,
                                   List<String> problems) {
        if (name == null || name.isBlank()) {
            problems.add(field + " is required: the name of a configured connection " + new TreeSet<>(connections.keySet()));
        } else if (!connections.containsKey(name)) {
            problems.add(field + ": no connection named " + name + " is configured (monitor.reconciliation.connections: "
                    + new TreeSet<>(connections.keySet()) + ")");
        }
    }

    /** The reconciler's request; call only when {@link #problems()} is empty. */
    ReconciliationRequest toRequest(String migrationId, String runId,
                                    Map<String, ReconciliationProperties.Connection> connections) {
        ReconciliationRequest.Builder builder = ReconciliationRequest.builder(endpoint(connections.get(source)),
                        endpoint(connections.get(target)))
                .schemas(blankToNull(sourceSchema), blankToNull(targetSchema))
                .migrationId(migrationId)
                .runId(runId);
        if (tables != null) {
            for (String table : tables) {
                int colon = table.indexOf(':');
                builder.table(colon < 0 ? io.cutovermonitor.reconciler.TableSpec.of(table.trim())
                        : io.cutovermonitor.reconciler.TableSpec.of(table.substring(0, colon).trim())
                        .withTarget(table.substring(colon + 1).trim()));
            }
        }
        if (chunkSize != null) {
            builder.chunkSize(chunkSize);
        }
        if (maxDifferences != null) {
            builder.maxDifferences(maxDifferences);
        }
        if (recheckDelay != null) {
            builder.recheckDelay(Duration.parse(recheckDelay));
        }
        return builder.build();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private static JdbcEndpoint endpoint(ReconciliationProperties.Connection connection) {
        return new JdbcEndpoint(connection.url(), blankToNull(connection.user()), connection.password());
    }
}
