package io.cutovermonitor.reconciler;

import io.cutovermonitor.validators.event.Chunk;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.math.BigInteger;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ReconciliationEventsTest {

    private final ReconciliationEvents events = new ReconciliationEvents("m-1", "run-1", "/reconciler/host",
            Clock.fixed(Instant.parse("2026-01-02T03:04:05.678901Z"), ZoneOffset.UTC));

    @Test
    void aRangeChunkBecomesAStructuredCloudEvent() throws Exception {
        // Given a chunk result
        ChunkResult r = new ChunkResult("orders", Chunk.ofRange("0", "10000"), new ChunkChecksum(9999, new BigInteger("-123")),
                new ChunkChecksum(9998, new BigInteger("456")), true, List.of(), List.of());

        // When written
        JsonNode e = JsonMapper.builder().build().readTree(events.toJson(r));

        // Then it has the contract's shape
        assertThat(e.get("specversion").asString()).isEqualTo("1.0");
        assertThat(e.get("type").asString()).isEqualTo("migration.reconciliation.v1");
        assertThat(e.get("source").asString()).isEqualTo("/reconciler/host");
        assertThat(e.get("time").asString()).isEqualTo("2026-01-02T03:04:05.678Z");
        assertThat(e.get("data").toString()).isEqualTo("{\"migrationId\":\"m-1\",\"runId\":\"run-1\",\"table\":\"orders\","
                + "\"chunk\":{\"lower\":0,\"upper\":10000},\"source\":{\"rowCount\":9999,\"checksum\":\"-123\"},"
                + "\"target\":{\"rowCount\":9998,\"checksum\":\"456\"},\"algorithm\":\"canonical-md5-sum64\"}");
        // and the same chunk of the same run always gets the same id (a re-publish is a re-delivery)
        assertThat(e.get("id").asString()).isEqualTo(JsonMapper.builder().build().readTree(events.toJson(r)).get("id").asString());
        assertThat(events.data(r).chunk()).isEqualTo(Chunk.ofRange("0", "10000"));
    }

    @Test
    void aBucketChunkHasAnId() throws Exception {
        ChunkResult r = new ChunkResult("customers", Chunk.ofId("3/16"), ChunkChecksum.EMPTY, ChunkChecksum.EMPTY, false,
                List.of(), List.of());
        JsonNode e = JsonMapper.builder().build().readTree(events.toJson(r));
        assertThat(e.get("data").get("chunk").toString()).isEqualTo("{\"id\":\"3/16\"}");
    }
}
