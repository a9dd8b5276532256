package io.cutovermonitor.service.rules;

import io.cutovermonitor.validators.event.TelemetryEvent;
import io.cutovermonitor.validators.rules.AlertTransition;

/**
 * What a committed round of rule work decided, for whoever counts it (the metrics): the rules tell, and know
 * nothing of how it is counted.
 */
public interface RuleCounts {

    /**
     * An event stamped before its migration's clock, once applied: judged as of its own time (within the plan's
     * maxLateness) or at the migration's clock (later than that).
     */
    void late(TelemetryEvent event, boolean judgedAsOfItsOwnTime);

    /** An alert transition committed to the outbox for the first time (not a re-delivery's). */
    void alert(AlertTransition transition);
}
