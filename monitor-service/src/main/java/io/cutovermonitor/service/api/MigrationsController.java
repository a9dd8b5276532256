package io.cutovermonitor.service.api;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.cutovermonitor.service.reconcile.ReconciliationLedger;
import io.cutovermonitor.service.rules.AlertOutbox;
import io.cutovermonitor.service.rules.KnownMigrations;
import io.cutovermonitor.service.ledger.ArchivedMigrations;
import io.cutovermonitor.service.rules.MigrationBook;
import io.cutovermonitor.service.rules.PlanRegistry;
import io.cutovermonitor.validators.rules.MigrationState;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriUtils;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * {@code GET /api/migrations} (every migration the ledger has a state for, one line each) and
 * {@code GET /api/migrations/{id}} (its full status; {@code ?chunks=false} leaves out each table's chunks) and
 * {@code GET /api/migrations/{id}/alerts} (its alert transitions). Open to read.
 */
@RestController
class MigrationsController {

    private final MigrationBook book;
    private final PlanRegistry plans;
    private final DecisionLog decisions;
    private final Clock clock;
    private final ReconciliationLedger reconciliations;
    private final AlertOutbox alerts;
    private final ArchivedMigrations archive;
    private final KnownMigrations known;

    MigrationsController(MigrationBook book, PlanRegistry plans, DecisionLog decisions, Clock clock,
                         ReconciliationLedger reconciliations, AlertOutbox alerts, ArchivedMigrations archive,
                         KnownMigrations known) {
        this.archive = archive;
        this.known = known;
        this.book = book;
        this.plans = plans;
        this.decisions = decisions;
        this.clock = clock;
        this.reconciliations = reconciliations;
        this.alerts = alerts;
    }

    /**
     * The status plus the keys the newest reconciliation of each table found differing (at most 100), and the
     * migration's latest reconciliation runs (at most 10, the newest first; those its plan schedules are named
     * {@code plan-…}).
     */
    record StatusWithDifferences(@JsonUnwrapped StatusView status,
                                 List<ReconciliationLedger.DifferingKey> differingKeys, List<RunView> reconciliations) {
    }

    /** A reconciliation run, with where its own status is. */
    record RunView(String runId, String state, String startedAt, String finishedAt, String status) {

        static RunView of(ReconciliationLedger.Run run) {
            return new RunView(run.runId(), run.state(), Iso.instant(run.startedAt()), Iso.instant(run.finishedAt()),
                    statusPath(run.migrationId()) + "/reconciliations/"
                            + UriUtils.encodePathSegment(run.runId(), StandardCharsets.UTF_8));
        }
    }

    record MigrationList(List<MigrationSummary> migrations) {
    }

    /**
     * One alert transition of a migration, as it was published.
     *
     * @param planVersion the plan version it was decided under (0: a file's or the default plan; null: not named)
     */
    record AlertView(String rule, String state, String severity, String action, String at, String summary,
                     String episode, Integer planVersion) {
    }

    record AlertList(List<AlertView> alerts) {
    }

    @GetMapping("/api/migrations")
    MigrationList list() {
        return new MigrationList(book.allStates().stream()
                .map(state -> MigrationSummary.of(state, plans.planFor(state.migrationId()),
                        archive.of(state.migrationId()).map(ArchivedMigrations.Archived::archivedAt).orElse(null)))
                .toList());
    }

    @GetMapping("/api/migrations/{id}")
    ResponseEntity<?> status(@PathVariable String id, @RequestParam(defaultValue = "true") boolean chunks) {
        MigrationState state = known.require(id);
        // whole seconds: an elapsed time or a time left to the nanosecond says nothing more to a person
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        return ResponseEntity.ok(new StatusWithDifferences(StatusView.of(state, plans.planFor(id), plans.versionOf(id), now,
                decisions.of(id), chunks), reconciliations.latestDifferingKeys(id, 100),
                reconciliations.runsOf(id, 10).stream().map(RunView::of).toList()));
    }

    /** {@code GET /api/migrations/{id}/alerts}: every alert transition of the migration, in the order decided. */
    @GetMapping("/api/migrations/{id}/alerts")
    ResponseEntity<?> alerts(@PathVariable String id) {
        known.require(id);
        return ResponseEntity.ok(new AlertList(alerts.transitionsOf(id).stream().map(a -> new AlertView(a.rule(),
                a.state(), a.severity(), a.action(), Iso.instant(a.at()), a.summary(), a.episodeKey(),
                a.planVersion()))
                .toList()));
    }

    static String statusPath(String id) {
        return "/api/migrations/" + UriUtils.encodePathSegment(id, StandardCharsets.UTF_8);
    }
}
