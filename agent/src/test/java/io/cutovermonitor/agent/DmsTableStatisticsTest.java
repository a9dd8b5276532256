package io.cutovermonitor.agent;

import io.cutovermonitor.validators.event.EventParser;
import io.cutovermonitor.validators.event.ParseResult;
import io.cutovermonitor.validators.event.ReconciliationEvent;
import io.cutovermonitor.validators.event.SyncEvent;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DmsTableStatisticsTest {

    private static final Instant NOW = Instant.parse("2026-11-14T23:05:00Z");

    @Test
    void eachTableIsASyncAndEachValidatedTableAReconciliationTheMonitorAccepts() throws IOException {
        // Given DMS's statistics of three tables: validated, mismatched records, still loading
        List<Spool.Entry> entries = events();

        // Then every event passes the monitor's own parser
        List<ParseResult.Accepted> parsed = entries.stream().map(e -> new EventParser()
                .parseStructured(e.cloudEvent().getBytes(StandardCharsets.UTF_8)))
                .map(r -> {
                    assertThat(r).isInstanceOf(ParseResult.Accepted.class);
                    return (ParseResult.Accepted) r;
                }).toList();
        List<SyncEvent> syncs = parsed.stream().map(a -> a.event().data()).filter(SyncEvent.class::isInstance)
                .map(SyncEvent.class::cast).toList();
        List<ReconciliationEvent> checks = parsed.stream().map(a -> a.event().data())
                .filter(ReconciliationEvent.class::isInstance).map(ReconciliationEvent.class::cast).toList();

        // and each table is a sync: full load plus the changes applied, its state from DMS's table state
        assertThat(syncs).extracting(s -> s.scope() + " " + s.recordsSynced() + " " + s.state()).containsExactly(
                "dms/OMS.ORDERS 300434 COMPLETED", "dms/OMS.ORDER_LINES 900000 COMPLETED",
                "dms/OMS.INVENTORY 21000 RUNNING");
        // and the validated table matches on its rows, the one with failed records does not, the pending one is none
        assertThat(checks).hasSize(2);
        ReconciliationEvent orders = checks.get(0);
        assertThat(orders.table()).isEqualTo("orders");
        assertThat(orders.source().rowCount()).isEqualTo(300_116).isEqualTo(orders.target().rowCount());
        assertThat(orders.source().checksum()).isEqualTo(orders.target().checksum());
        ReconciliationEvent lines = checks.get(1);
        assertThat(lines.table()).isEqualTo("order_lines");
        assertThat(lines.target().checksum()).isEqualTo("dms:12-failed-validation").isNotEqualTo(lines.source().checksum());
        // the event time is DMS's last update, in either of the CLI's time formats
        assertThat(parsed.get(0).event().time()).isEqualTo(Instant.parse("2026-11-14T23:02:15.430Z"));
        assertThat(parsed.get(2).event().time()).isEqualTo(Instant.ofEpochMilli(1763161335430L));
    }

    @Test
    void theSameStatisticsReadTwiceAreTheSameEvents() throws IOException {
        assertThat(events()).isEqualTo(events());
    }

    private static List<Spool.Entry> events() throws IOException {
        try (InputStream in = DmsTableStatisticsTest.class.getResourceAsStream(
                "/tool-output/dms-describe-table-statistics.json")) {
            return DmsTableStatistics.events(JsonMapper.builder().build().readTree(in.readAllBytes()), "oms-cloud-migration",
                    SyncEvent.SyncMode.FULL, NOW);
        }
    }
}
