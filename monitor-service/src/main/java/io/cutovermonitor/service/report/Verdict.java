package io.cutovermonitor.service.report;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Whether the migration can be accepted: only once the observation period is over (day 30 of 30 has passed) with
 * no observation incident open. Otherwise it says what is still missing.
 */
public record Verdict(boolean readyForAcceptance, String text, List<String> missing) {

    public static final String READY = "Ready for acceptance";

    /**
     * @param goLiveAt      when the cutover completed, or null
     * @param day           observation day N (null before go-live)
     * @param periodEndsAt  go-live plus the observation period, or null
     * @param clock         the migration's clock
     * @param openIncidents the summaries of the observation incidents still open
     */
    public static Verdict of(Instant goLiveAt, Integer day, int days, Instant periodEndsAt, Instant clock,
                             List<String> openIncidents) {
        List<String> missing = new ArrayList<>();
        if (goLiveAt == null) {
            missing.add("the cutover has not completed: the " + days + "-day observation period has not begun");
        } else if (clock == null || clock.isBefore(periodEndsAt)) {
            missing.add("the observation period runs until " + periodEndsAt + " (now day " + day + " of " + days
                    + ")");
        }
        openIncidents.forEach(incident -> missing.add("open observation incident: " + incident));
        if (missing.isEmpty()) {
            return new Verdict(true, READY + ": " + days + " days observed with no open incident", List.of());
        }
        return new Verdict(false, "Not ready for acceptance", List.copyOf(missing));
    }
}
