package io.cutovermonitor.agent;

import io.cutovermonitor.agent.progress.Progress;
import io.cutovermonitor.validators.event.CloudEventWriter;
import io.cutovermonitor.validators.event.EventData;
import io.cutovermonitor.validators.event.JobEvent;
import io.cutovermonitor.validators.event.PhaseEvent;
import io.cutovermonitor.validators.event.SyncEvent;
import io.cutovermonitor.validators.event.ThroughputEvent;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * What one run of a tool tells the monitor, in the event contract's words: the sync of a scope RUNNING with the
 * records the tool reports, at most once per interval; the records of each interval as throughput; and at the end
 * COMPLETED or FAILED from the tool's exit status. With a job name, the run is also a batch job's run (STARTED,
 * then SUCCEEDED or FAILED); with {@code --phase}, the SYNC phase STARTED and ended around it. Every event goes to
 * the spool first; ids are the run's id and a sequence number, so a second send of one is a duplicate the monitor
 * ignores.
 */
final class Reporter {

    /** What is reported. */
    record Subject(String migrationId, String scope, SyncEvent.SyncMode mode, String component, String job,
                   boolean phase) {
    }

    private final Subject subject;
    private final Spool spool;
    private final Clock clock;
    private final Duration interval;
    private final String source;
    private final String runId;
    private final Instant startedAt;
    private long sequence;
    private Progress latest = new Progress(0, null);
    private Instant lastReport;
    private long reportedDone;

    Reporter(Subject subject, Spool spool, Clock clock, Duration interval, String source, String runId) {
        this.subject = subject;
        this.spool = spool;
        this.clock = clock;
        this.interval = interval;
        this.source = source;
        this.runId = runId;
        this.startedAt = now();
        this.lastReport = startedAt;
    }

    synchronized void started() {
        if (subject.phase()) {
            emit(new PhaseEvent(subject.migrationId(), PhaseEvent.Phase.SYNC, subject.scope(),
                    PhaseEvent.PhaseStatus.STARTED, null));
        }
        if (subject.job() != null) {
            emit(new JobEvent(subject.migrationId(), subject.job(), runId, JobEvent.JobState.STARTED, null, null));
        }
        emit(sync(SyncEvent.SyncState.RUNNING));
    }

    /** A progress line of the tool: reported when the interval since the last report is over. */
    synchronized void progress(Progress progress) {
        latest = progress;
        if (!now().isBefore(lastReport.plus(interval))) {
            report();
        }
    }

    /** The tool ended: its last figures, then COMPLETED (exit status 0) or FAILED. */
    synchronized void ended(int exitStatus) {
        boolean ok = exitStatus == 0;
        throughput(now());
        SyncEvent.SyncState state = ok ? SyncEvent.SyncState.COMPLETED : SyncEvent.SyncState.FAILED;
        emit(sync(state));
        if (subject.job() != null) {
            emit(new JobEvent(subject.migrationId(), subject.job(), runId,
                    ok ? JobEvent.JobState.SUCCEEDED : JobEvent.JobState.FAILED, latest.done(),
                    Duration.between(startedAt, now()).toMillis() / 1000.0));
        }
        if (subject.phase()) {
            emit(new PhaseEvent(subject.migrationId(), PhaseEvent.Phase.SYNC, subject.scope(),
                    ok ? PhaseEvent.PhaseStatus.COMPLETED : PhaseEvent.PhaseStatus.FAILED, null));
        }
    }

    private void report() {
        Instant now = now();
        throughput(now);
        emit(sync(SyncEvent.SyncState.RUNNING));
        lastReport = now;
    }

    /** The records done since the last report, over that interval (none when nothing moved). */
    private void throughput(Instant now) {
        long records = latest.done() - reportedDone;
        if (records > 0 && now.isAfter(lastReport)) {
            emit(new ThroughputEvent(subject.migrationId(), subject.component(), records, lastReport, now));
            reportedDone = latest.done();
        }
    }

    private SyncEvent sync(SyncEvent.SyncState state) {
        return new SyncEvent(subject.migrationId(), subject.scope(), subject.mode(), latest.done(), latest.total(),
                null, state);
    }

    private void emit(EventData data) {
        String id = runId + "-" + (++sequence);
        spool.add(new Spool.Entry(id, subject.migrationId(), CloudEventWriter.structured(id, source, now(), data)));
    }

    /** Whole seconds: the contract's times, and an interval never shorter than its own resolution. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
