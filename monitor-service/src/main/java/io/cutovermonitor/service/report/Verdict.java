package io.cutovermonitor.service.report;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Whether the migration can be accepted: once the observation period is over (day 30 of 30 has passed) with no
 * observation incident open, every ROLLBACK trigger answered, under a plan written for the migration (the default
 * plan is a plan nobody agreed to). Otherwise it says what is still missing.
 */
public record Verdict(boolean readyForAcceptance, String text, List<String> missing) {

    public static final String READY = "Ready for acceptance";

    private static final ReportFormat FORMAT = new ReportFormat();

    /**
     * @param goLiveAt           when the cutover completed, or null
     * @param day                observation day N (null before go-live)
     * @param periodEndsAt       go-live plus the observation period, or null
     * @param clock              the migration's clock
     * @param openIncidents      the observation incidents still open
     * @param unansweredTriggers the ROLLBACK triggers no GO decision or completed rollback answered
     * @param ownPlan            the migration runs under a plan of its own, not the default
     */
    public record Facts(Instant goLiveAt, Integer day, int days, Instant periodEndsAt, Instant clock,
                        List<String> openIncidents, List<String> unansweredTriggers, boolean ownPlan) {
    }

    public static Verdict of(Facts f) {
        List<String> missing = new ArrayList<>();
        if (f.goLiveAt() == null) {
            missing.add("the cutover has not completed: the " + f.days() + "-day observation period has not begun");
        } else if (f.clock() == null || f.clock().isBefore(f.periodEndsAt())) {
            missing.add("the observation period runs until " + FORMAT.time(f.periodEndsAt()) + " (now day " + f.day()
                    + " of " + f.days() + ")");
        }
        f.openIncidents().forEach(incident -> missing.add("open observation incident: " + incident));
        f.unansweredTriggers().forEach(trigger -> missing.add("unanswered ROLLBACK trigger: " + trigger));
        if (!f.ownPlan()) {
            missing.add("no plan of its own: the migration was judged by the built-in default plan; put the plan "
                    + "agreed for it (PUT /api/migrations/{id}/plan)");
        }
        if (missing.isEmpty()) {
            return new Verdict(true, READY + ": " + f.days() + " days observed with no open incident", List.of());
        }
        return new Verdict(false, "Not ready for acceptance", List.copyOf(missing));
    }
}
