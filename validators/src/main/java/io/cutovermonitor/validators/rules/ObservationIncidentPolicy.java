package io.cutovermonitor.validators.rules;

import io.cutovermonitor.validators.event.CheckEvent;
import io.cutovermonitor.validators.event.JobEvent;
import io.cutovermonitor.validators.rules.MigrationState.ChunkRef;

import java.util.List;

/**
 * {@code observation-incident}: during the 30-day parallel operation after CUTOVER COMPLETED, a job FAILED, a
 * check failed, or a reconciliation mismatched (WARNING). One episode per failing job, check or chunk, resolved
 * when that job succeeds, that check passes or that chunk matches again (also after the period has ended).
 */
final class ObservationIncidentPolicy {

    private ObservationIncidentPolicy() {
    }

    static void onJob(Step s, JobEvent e) {
        String subject = "job " + e.job();
        if (e.state() == JobEvent.JobState.FAILED) {
            open(s, subject, "job " + e.job() + " run " + e.runId() + " FAILED", s.thisEvent());
        } else if (e.state() == JobEvent.JobState.SUCCEEDED) {
            s.firingKey(Rule.OBSERVATION_INCIDENT, subject)
                    .ifPresent(key -> s.resolve(key, "job " + e.job() + " succeeded again"));
        }
    }

    static void onCheck(Step s, CheckEvent e) {
        String subject = "check " + e.check();
        if (!e.passed()) {
            open(s, subject, e.kind() + " check " + e.check() + " failed", s.thisEvent());
        } else {
            s.firingKey(Rule.OBSERVATION_INCIDENT, subject)
                    .ifPresent(key -> s.resolve(key, "check " + e.check() + " passes again"));
        }
    }

    /** A chunk's mismatch counts, or an open one is reported again: an incident if inside the period. */
    static void mismatchReported(Step s, ChunkRef ref, String type, List<String> evidence) {
        String label = IntegrityMismatchPolicy.label(ref);
        open(s, "reconciliation " + label, "reconciliation of " + label + " mismatched (" + type + ")", evidence);
    }

    static void chunkMatched(Step s, ChunkRef ref) {
        String label = IntegrityMismatchPolicy.label(ref);
        s.firingKey(Rule.OBSERVATION_INCIDENT, "reconciliation " + label)
                .ifPresent(key -> s.resolve(key, label + " matches again"));
    }

    private static void open(Step s, String subject, String what, List<String> evidence) {
        if (!s.inObservation() || s.isFiring(Rule.OBSERVATION_INCIDENT, subject)) {
            return;
        }
        s.fire(Rule.OBSERVATION_INCIDENT, "observation-incident|" + subject + "|" + s.now, subject, Action.NONE,
                "observation day " + s.observationDay() + " of " + s.plan.observation().days() + ": " + what,
                evidence);
    }
}
