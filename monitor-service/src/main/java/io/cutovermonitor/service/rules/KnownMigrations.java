package io.cutovermonitor.service.rules;

import io.cutovermonitor.validators.rules.MigrationState;
import org.springframework.stereotype.Component;

/**
 * Which migrations the monitor knows: one an event of was applied, or one with a plan of its own. Every endpoint about
 * one migration answers the same 404 for any other: a request about a migration nobody has heard of is almost
 * certainly a mistyped id.
 */
@Component
public class KnownMigrations {

    private final MigrationBook book;
    private final PlanRegistry plans;

    KnownMigrations(MigrationBook book, PlanRegistry plans) {
        this.book = book;
        this.plans = plans;
    }

    /** Thrown for a migration the monitor does not know; the API answers it with 404. */
    public static final class Unknown extends RuntimeException {

        public Unknown(String migrationId) {
            super("no migration " + migrationId + ": no event of it has been applied and it has no plan");
        }
    }

    public boolean isKnown(MigrationState state) {
        return state.clock().eventTime() != null || !plans.planFor(state.migrationId()).defaultPlan();
    }

    /** The migration's state; {@link Unknown} when the monitor does not know it. */
    public MigrationState require(String migrationId) {
        MigrationState state = book.stateOf(migrationId);
        if (!isKnown(state)) {
            throw new Unknown(migrationId);
        }
        return state;
    }
}
