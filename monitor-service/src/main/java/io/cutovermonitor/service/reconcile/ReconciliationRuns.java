package io.cutovermonitor.service.reconcile;

import io.cutovermonitor.reconciler.EventStream;
import io.cutovermonitor.reconciler.KeyDifference;
import io.cutovermonitor.reconciler.Reconciler;
import io.cutovermonitor.reconciler.ReconciliationEvents;
import io.cutovermonitor.reconciler.ReconciliationListener;
import io.cutovermonitor.reconciler.ReconciliationReport;
import io.cutovermonitor.reconciler.ReconciliationRequest;
import io.cutovermonitor.reconciler.TableReport;
import io.cutovermonitor.service.ingest.EventPublisher;
import io.cutovermonitor.validators.event.EventParser;
import io.cutovermonitor.validators.event.ParseResult;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs the reconciler for a migration in the background: at most {@link #MAX_CONCURRENT_RUNS} runs at once (a few
 * more wait), one at a time per migration. Each chunk's verdict goes to the telemetry topic as a {@code
 * migration.reconciliation.v1} event (key = migration id), so the rule engine judges it like any tool's report;
 * each table's differing keys and the run's outcome go to the ledger.
 */
@Service
class ReconciliationRuns {

    static final String EVENT_SOURCE = "/cutover-monitor/reconciler";
    static final int MAX_CONCURRENT_RUNS = 2;
    static final int MAX_WAITING_RUNS = 4;
    /** Many heartbeats: a database outage or a long pause of a live instance must not fail its run. */
    static final Duration ABANDONED_AFTER = Duration.ofMinutes(2);

    private static final Logger log = LoggerFactory.getLogger(ReconciliationRuns.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final ReconciliationLedger ledger;
    private final EventPublisher publisher;
    private final Clock clock;
    private final ReconciliationProperties properties;
    private final EventParser parser;
    /** migration id → its run under way (queued or running) */
    private final Map<String, String> active = new ConcurrentHashMap<>();
    private final ThreadPoolExecutor executor;

    ReconciliationRuns(ReconciliationLedger ledger, EventPublisher publisher, Clock clock,
                       ReconciliationProperties properties, EventParser parser) {
        this.ledger = ledger;
        this.parser = parser;
        this.publisher = publisher;
        this.clock = clock;
        this.properties = properties;
        AtomicInteger threads = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(MAX_CONCURRENT_RUNS, MAX_CONCURRENT_RUNS, 1, TimeUnit.MINUTES,
                new ArrayBlockingQueue<>(MAX_WAITING_RUNS), r -> {
            Thread t = new Thread(r, "reconciliation-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        }, new ThreadPoolExecutor.AbortPolicy());
        this.executor.allowCoreThreadTimeOut(true);
    }

    sealed interface Started {
    }

    record Accepted(String runId) implements Started {
    }

    record AlreadyRunning(String runId) implements Started {
    }

    record Busy() implements Started {
    }

    /** Starts a run of a valid request, unless the migration has one under way or too many runs wait. */
    Started start(String migrationId, ReconciliationRunRequest body) {
        return start(migrationId, body, UUID.randomUUID().toString());
    }

    /** As {@link #start(String, ReconciliationRunRequest)}, under a run id of the caller's (a plan's run). */
    Started start(String migrationId, ReconciliationRunRequest body, String runId) {
        String running = active.putIfAbsent(migrationId, runId);
        if (running != null) {
            return new AlreadyRunning(running);
        }
        try {
            ReconciliationRequest request = body.toRequest(migrationId, runId, properties.connections());
            ledger.startRun(migrationId, runId, clock.instant());
            try {
                executor.execute(() -> run(request));
            } catch (RejectedExecutionException e) {
                ledger.finishRun(migrationId, runId, "FAILED", clock.instant(),
                        summary(List.of(), "too many reconciliations under way; try again later"));
                active.remove(migrationId, runId);
                return new Busy();
            }
            log.info("Reconciliation {} of migration {} started: {}", runId, migrationId, body);
            return new Accepted(runId);
        } catch (RuntimeException e) {
            active.remove(migrationId, runId);
            throw e;
        }
    }

    private void run(ReconciliationRequest request) {
        String migrationId = request.migrationId();
        String runId = request.runId();
        List<TableReport> finished = new ArrayList<>();
        ReconciliationEvents events = new ReconciliationEvents(migrationId, runId, EVENT_SOURCE, clock);
        ReconciliationListener ledgerOfTheRun = new ReconciliationListener() {
            @Override
            public void tableFinished(TableReport report) {
                synchronized (finished) {
                    finished.add(report);
                    if (report.error() == null) {
                        ledger.tableFinished(migrationId, runId, report.table(),
                                report.differences().stream().map(d -> differingKey(d, runId)).toList(),
                                clock.instant());
                    }
                    ledger.updateSummary(migrationId, runId, summary(finished, null));
                }
            }
        };
        // every chunk's verdict and each table's progress go to the telemetry topic, as the CLI's do
        ReconciliationListener listener = ReconciliationListener.both(
                new EventStream(events, this::publish, clock), ledgerOfTheRun);
        try {
            ReconciliationReport report = new Reconciler(listener).run(request);
            ledger.finishRun(migrationId, runId, "COMPLETED", clock.instant(), summary(report.tables(), null));
            log.info("Reconciliation {} of migration {} completed: {} table(s), {} differing key(s)", runId,
                    migrationId, report.tables().size(), report.differences().size());
        } catch (Exception e) {
            // the message of a driver's exception may name the host, never the password (it is not in the URL we
            // log, and drivers do not echo it)
            String error = e.getClass().getSimpleName() + ": " + e.getMessage();
            log.warn("Reconciliation {} of migration {} failed: {}", runId, migrationId, error);
            List<TableReport> soFar;
            synchronized (finished) {
                soFar = List.copyOf(finished);
            }
            ledger.finishRun(migrationId, runId, "FAILED", clock.instant(), summary(soFar, error));
        } finally {
            active.remove(migrationId, runId);
        }
    }

    private void publish(String cloudEvent) {
        ParseResult parsed = parser.parseStructured(cloudEvent.getBytes(StandardCharsets.UTF_8));
        if (!(parsed instanceof ParseResult.Accepted accepted)) {
            throw new IllegalStateException("the reconciler made an event the monitor refuses: "
                    + ((ParseResult.Rejected) parsed).rejection().message());
        }
        try {
            publisher.publish(List.of(accepted));
        } catch (EventPublisher.NotAcknowledgedException e) {
            throw new IllegalStateException("Kafka did not acknowledge a reconciliation event", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing", e);
        }
    }

    static ReconciliationLedger.DifferingKey differingKey(KeyDifference d, String runId) {
        Map<String, String> key = d.key();
        String text = key.size() == 1 ? key.values().iterator().next() : JSON.writeValueAsString(key);
        return new ReconciliationLedger.DifferingKey(d.table(), text, d.type().label(), runId);
    }

    /** Per table outcome, as stored in {@code reconciliation_run.summary}. */
    record TableSummary(String table, String mode, long sourceRows, long targetRows, long chunks, boolean matched,
                        List<String> mismatchingChunks, int differences, boolean differencesTruncated,
                        List<String> warnings, List<String> schemaDifferences, String error) {

        static TableSummary of(TableReport t) {
            return new TableSummary(t.table(), t.mode(), t.sourceRows(), t.targetRows(), t.chunks(), t.matched(),
                    t.mismatchedChunks().stream().map(c -> c.chunk().label()).toList(), t.differences().size(),
                    t.differencesTruncated(), t.warnings(), t.schemaDifferences(), t.error());
        }
    }

    record Summary(List<TableSummary> tables, String error) {
    }

    static String summary(List<TableReport> tables, String error) {
        return JSON.writeValueAsString(new Summary(tables.stream().map(TableSummary::of).toList(), error));
    }

    /**
     * Touches the runs this instance is working on, and fails those whose instance stopped touching them (killed
     * or redeployed mid-run): otherwise they would show RUNNING forever and the lead would wait on a dead run.
     */
    @Scheduled(fixedDelayString = "${monitor.reconciliation.heartbeat:15s}")
    void keepRunsHonest() {
        Instant now = clock.instant();
        ledger.heartbeat(Map.copyOf(active), now);
        Instant silentSince = now.minus(ABANDONED_AFTER);
        for (ReconciliationLedger.Run run : ledger.abandoned(silentSince)) {
            String error = "abandoned: the instance running it stopped (no sign of it for "
                    + ABANDONED_AFTER.toMinutes() + " minutes); start a new run";
            Summary before = run.summary() == null ? new Summary(List.of(), null)
                    : JSON.readValue(run.summary(), Summary.class);
            ledger.failAbandoned(run, silentSince, now,
                    JSON.writeValueAsString(new Summary(before.tables(), error)));
            log.warn("Reconciliation {} of migration {} {}", run.runId(), run.migrationId(), error);
        }
    }

    @PreDestroy
    void stop() {
        executor.shutdownNow();
    }
}
