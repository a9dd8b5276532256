package io.cutovermonitor.service.reconcile;

import io.cutovermonitor.reconciler.JdbcEndpoint;
import io.cutovermonitor.reconciler.ReconciliationRequest;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The body of {@code POST /api/migrations/{id}/reconciliations}. Every field but the two URLs may be left out.
 * The passwords are never logged nor stored; {@link #toString()} leaves them out.
 *
 * @param tables       tables to compare (a different name on the target after {@code :}); none: every table of the
 *                     source schema
 * @param recheckDelay ISO-8601 duration ({@code PT30S}); {@code PT0S}: no re-check
 */
record ReconciliationRunRequest(String sourceUrl, String sourceUser, String sourcePassword, String targetUrl,
                                String targetUser, String targetPassword, List<String> tables, String sourceSchema,
                                String targetSchema, Integer chunkSize, String recheckDelay,
                                Integer maxDifferences) {

    /**
     * Drivers a request may name. Not H2 (and nothing else): an H2 URL can run scripts and open files of the
     * service's own host, and a JDBC URL comes from a person over HTTP.
     */
    static final List<String> ALLOWED_URL_PREFIXES = List.of("jdbc:postgresql:", "jdbc:mariadb:", "jdbc:mysql:");
    static final int MAX_CHUNK_SIZE = 1_000_000;
    static final int MAX_DIFFERENCES = 10_000;
    static final Duration MAX_RECHECK_DELAY = Duration.ofHours(1);

    /** Why the request cannot run; empty when it can. */
    List<String> problems() {
        List<String> problems = new ArrayList<>();
        url("sourceUrl", sourceUrl, problems);
        url("targetUrl", targetUrl, problems);
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

    private static void url(String field, String url, List<String> problems) {
        if (url == null || url.isBlank()) {
            problems.add(field + " is required");
        } else if (ALLOWED_URL_PREFIXES.stream().noneMatch(p -> url.toLowerCase(Locale.ROOT).startsWith(p))) {
            problems.add(field + " must be a JDBC URL starting with one of " + ALLOWED_URL_PREFIXES);
        }
    }

    /** The reconciler's request; call only when {@link #problems()} is empty. */
    ReconciliationRequest toRequest(String migrationId, String runId) {
        ReconciliationRequest.Builder builder = ReconciliationRequest.builder(
                        new JdbcEndpoint(sourceUrl, blankToNull(sourceUser), sourcePassword),
                        new JdbcEndpoint(targetUrl, blankToNull(targetUser), targetPassword))
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

    @Override
    public String toString() {
        return "ReconciliationRunRequest[source=" + masked(sourceUrl) + ", target=" + masked(targetUrl)
                + ", tables=" + tables + "]";
    }

    /** The URL without the value of a password parameter. */
    static String masked(String url) {
        return url == null ? null : url.replaceAll("(?i)(password=)[^&;]*", "$1***");
    }
}
