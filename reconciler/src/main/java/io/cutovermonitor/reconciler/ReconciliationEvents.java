package io.cutovermonitor.reconciler;

import io.cutovermonitor.validators.event.CloudEventWriter;
import io.cutovermonitor.validators.event.ReconciliationEvent;
import io.cutovermonitor.validators.event.ReconciliationProgressEvent;
import io.cutovermonitor.validators.event.ReconciliationProgressEvent.ProgressState;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.UUID;

/**
 * Turns chunk results into {@code migration.reconciliation.v1} CloudEvents (structured mode JSON), and a table's
 * progress into {@code migration.reconciliation.progress.v1}. The event id is derived from (runId, table, chunk), or
 * (runId, table, rows done, state), so publishing the same run twice gives the same ids and the monitor treats the
 * second copy as a re-delivery.
 */
public final class ReconciliationEvents {

    private final String migrationId;
    private final String runId;
    private final String source;
    private final Clock clock;

    public ReconciliationEvents(String migrationId, String runId) {
        this(migrationId, runId, "/reconciler/" + hostName(), Clock.systemUTC());
    }

    public ReconciliationEvents(String migrationId, String runId, String source, Clock clock) {
        this.migrationId = Objects.requireNonNull(migrationId, "migrationId");
        this.runId = Objects.requireNonNull(runId, "runId");
        this.source = source;
        this.clock = clock;
    }

    public String migrationId() {
        return migrationId;
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "localhost";
        }
    }

    /** The typed payload, as the validators module models it. */
    public ReconciliationEvent data(ChunkResult r) {
        return new ReconciliationEvent(migrationId, runId, r.table(), r.chunk(),
                new ReconciliationEvent.Side(r.source().rowCount(), r.source().checksum()),
                new ReconciliationEvent.Side(r.target().rowCount(), r.target().checksum()), ChunkChecksum.ALGORITHM);
    }

    /** The whole CloudEvent as one line of JSON. */
    public String toJson(ChunkResult r) {
        return CloudEventWriter.structured(id(r.table(), r.chunk().label()), source, now(), data(r));
    }

    /** How far the run has come in a table, as one line of JSON. */
    public String progress(String table, long rowsDone, long estimatedRows, ProgressState state) {
        return CloudEventWriter.structured(id(table, "progress\u0000" + rowsDone + '\u0000' + state), source, now(),
                new ReconciliationProgressEvent(migrationId, runId, table, rowsDone,
                        estimatedRows > 0 ? estimatedRows : null, state));
    }

    private String id(String table, String what) {
        return UUID.nameUUIDFromBytes((runId + '\u0000' + table + '\u0000' + what).getBytes(StandardCharsets.UTF_8))
                .toString();
    }

    private Instant now() {
        return Instant.now(clock).truncatedTo(ChronoUnit.MILLIS);
    }
}
