package io.cutovermonitor.service.support;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A recorded cutover whose third integrity error falls at 6 h 01 min after CUTOVER STARTED: CUTOVER STARTED, the
 * FINAL sync, and three tables that differ, at 1 h, 2 h and 6 h 01 min. Under the OMS plan's 6-hour window it raises
 * no rollback trigger; under a 7-hour window it does, at the third error.
 */
public final class NightOfThreeErrors {

    /** When the third error comes, after CUTOVER STARTED. */
    public static final Duration THIRD_ERROR = Duration.ofMinutes(361);

    private NightOfThreeErrors() {
    }

    /** The night's structured CloudEvents. */
    public static List<String> events(String migration, Instant cutoverStart) {
        List<String> events = new ArrayList<>();
        events.add(event(migration, "e1", cutoverStart, "migration.phase.v1",
                "{\"migrationId\":\"%s\",\"phase\":\"CUTOVER\",\"status\":\"STARTED\"}".formatted(migration)));
        events.add(event(migration, "e2", cutoverStart.plus(Duration.ofMinutes(10)), "migration.sync.v1",
                ("{\"migrationId\":\"%s\",\"scope\":\"oms-oracle\",\"mode\":\"FINAL\",\"recordsSynced\":1000,"
                        + "\"recordsTotal\":1000,\"state\":\"COMPLETED\"}").formatted(migration)));
        Duration[] at = {Duration.ofHours(1), Duration.ofHours(2), THIRD_ERROR};
        String[] tables = {"orders", "order_lines", "inventory"};
        for (int i = 0; i < 3; i++) {
            events.add(event(migration, "r" + i, cutoverStart.plus(at[i]), "migration.reconciliation.v1",
                    ("{\"migrationId\":\"%s\",\"runId\":\"run-%d\",\"table\":\"%s\",\"source\":{\"rowCount\":100},"
                            + "\"target\":{\"rowCount\":%d}}").formatted(migration, i, tables[i], 90 + i)));
        }
        return events;
    }

    /** The OMS plan with its integrity-error window widened from 6 to 7 hours. */
    public static String sevenHourWindow(String omsPlan) {
        String widened = omsPlan.replace("window: PT6H", "window: PT7H");
        if (widened.equals(omsPlan)) {
            throw new IllegalArgumentException("the plan has no 6-hour integrity window to widen");
        }
        return widened;
    }

    private static String event(String migration, String id, Instant time, String type, String data) {
        return ("{\"specversion\":\"1.0\",\"id\":\"%s-%s\",\"source\":\"/oms/night-of-three-errors\",\"type\":\"%s\","
                + "\"time\":\"%s\",\"datacontenttype\":\"application/json\",\"data\":%s}")
                .formatted(migration, id, type, time, data);
    }
}
