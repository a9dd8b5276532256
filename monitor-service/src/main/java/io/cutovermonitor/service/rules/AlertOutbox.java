package io.cutovermonitor.service.rules;

import io.cutovermonitor.validators.event.Sha256;
import io.cutovermonitor.validators.plan.MigrationPlan;
import io.cutovermonitor.validators.rules.Action;
import io.cutovermonitor.validators.rules.AlertState;
import io.cutovermonitor.validators.rules.AlertTransition;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Every alert transition, stored in the transaction of the events that decided it and published from here (a
 * transactional outbox). The unique (migration, episode, state) makes a second FIRING of an episode impossible,
 * whatever is re-delivered or replayed.
 */
@Repository
public class AlertOutbox {

    /** The CloudEvents type of an alert. */
    public static final String ALERT_TYPE = "migration.alert.v1";
    /** Keys up to this size are stored whole; the 1,024-character column holds 4 KiB of UTF-8 at most. */
    private static final int MAX_STORED_KEY_BYTES = 512;
    private static final int KEPT_KEY_CHARS = 64;

    private final JdbcTemplate jdbcTemplate;
    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final JsonMapper json;

    public AlertOutbox(JdbcTemplate jdbcTemplate, JdbcClient jdbc, TransactionTemplate transactions, JsonMapper json) {
        this.json = json;
        this.jdbcTemplate = jdbcTemplate;
        this.jdbc = jdbc;
        this.transactions = transactions;
    }

    /**
     * A stored alert not yet on the alerts topic.
     *
     * @param attempted a publisher took it before and never marked it: it may be on the topic already
     */
    public record Pending(long seq, String migrationId, String cloudEvent, boolean attempted) {
    }

    /** The CloudEvent id of a pending alert, derived from the episode: equal on the topic and in the outbox. */
    String cloudEventId(Pending alert) {
        return json.readTree(alert.cloudEvent()).get("id").asString();
    }

    /**
     * Stores the transitions in the caller's transaction.
     *
     * @param decidedUnder per transition, the plan (and its version) it was decided under
     * @return per transition, whether it was new (a transition already stored is a re-delivery)
     */
    public boolean[] record(List<AlertTransition> transitions, List<PlanRegistry.Governing> decidedUnder) {
        List<Integer> indexes = IntStream.range(0, transitions.size()).boxed().toList();
        int[][] counts = jdbcTemplate.batchUpdate("""
                INSERT INTO alert (migration_id, episode_key, rule, state, severity, action, at, summary, cloud_event)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT DO NOTHING
                """, indexes, 200, (ps, i) -> {
            AlertTransition t = transitions.get(i);
            ps.setString(1, t.migrationId());
            ps.setString(2, storedEpisodeKey(t.episodeKey()));
            ps.setString(3, t.rule());
            ps.setString(4, t.state().name());
            ps.setString(5, t.severity().name());
            ps.setString(6, t.action().name());
            ps.setObject(7, t.at().atOffset(ZoneOffset.UTC)); // not a Timestamp: no Julian calendar before 1582
            ps.setString(8, t.summary());
            ps.setString(9, cloudEvent(t, decidedUnder.get(i)));
        });
        boolean[] fresh = new boolean[transitions.size()];
        int i = 0;
        for (int[] batch : counts) {
            for (int count : batch) {
                fresh[i++] = count != 0;
            }
        }
        return fresh;
    }

    /**
     * Takes the oldest unpublished alerts to send: marks them attempted at {@code now} and commits that before the
     * caller sends them, so a publisher that dies mid-send leaves a trace. Alerts another publisher took after
     * {@code takenBefore} are left to it; older attempts were abandoned.
     */
    public List<Pending> take(int limit, Instant takenBefore, Instant now) {
        return transactions.execute(status -> {
            List<Pending> pending = unpublished(limit, takenBefore);
            jdbcTemplate.batchUpdate("UPDATE alert SET attempted_at = ? WHERE seq = ?", pending, 500, (ps, p) -> {
                ps.setTimestamp(1, Timestamp.from(now));
                ps.setLong(2, p.seq());
            });
            return pending;
        });
    }

    /** Every unpublished alert taken before {@code takenBefore} or never, locked until the caller's commit. */
    public List<Pending> unpublished(int limit, Instant takenBefore) {
        return jdbc.sql("SELECT seq, migration_id, cloud_event, attempted_at FROM alert WHERE published_at IS NULL "
                        + "AND (attempted_at IS NULL OR attempted_at < ?) ORDER BY seq LIMIT ? FOR UPDATE")
                .params(Timestamp.from(takenBefore), limit)
                .query((rs, n) -> new Pending(rs.getLong(1), rs.getString(2), rs.getString(3),
                        rs.getTimestamp(4) != null)).list();
    }

    /**
     * A stored alert transition, as its CloudEvent was published.
     *
     * @param data the CloudEvent's {@code data}
     */
    public record Stored(String episodeKey, String rule, String state, String severity, String action, Instant at,
                         String summary, JsonNode data) {

        /** The plan version it was decided under (0: a file's or the default plan; null: stored before it was named). */
        public Integer planVersion() {
            JsonNode version = data.path("plan").path("version");
            return version.isNumber() ? version.asInt() : null;
        }
    }

    /** A migration's alert transitions in the order they were decided. */
    public List<Stored> transitionsOf(String migrationId) {
        return jdbc.sql("SELECT episode_key, rule, state, severity, action, at, summary, cloud_event FROM alert "
                        + "WHERE migration_id = ? ORDER BY at, seq")
                .param(migrationId)
                .query((rs, n) -> new Stored(rs.getString("episode_key"), rs.getString("rule"), rs.getString("state"),
                        rs.getString("severity"), rs.getString("action"),
                        rs.getObject("at", OffsetDateTime.class).toInstant(), rs.getString("summary"),
                        json.readTree(rs.getString("cloud_event")).path("data")))
                .list();
    }

    /** Kafka did not take them: they go out again with the next round, not after the abandonment delay. */
    public void release(List<Pending> taken) {
        jdbcTemplate.batchUpdate("UPDATE alert SET attempted_at = NULL WHERE seq = ?", taken, 500,
                (ps, p) -> ps.setLong(1, p.seq()));
    }

    public void markPublished(List<Pending> published, Instant at) {
        jdbcTemplate.batchUpdate("UPDATE alert SET published_at = ? WHERE seq = ?", published, 500, (ps, p) -> {
            ps.setTimestamp(1, Timestamp.from(at));
            ps.setLong(2, p.seq());
        });
    }

    /** The alert as a structured-mode CloudEvent; its id is derived from the episode, so it is the same on replay. */
    String cloudEvent(AlertTransition t, PlanRegistry.Governing under) {
        MigrationPlan plan = under.plan();
        PlanRegistry.PlanVersion version = under.version();
        ObjectNode data = json.createObjectNode();
        data.put("migrationId", t.migrationId());
        data.put("rule", t.rule());
        data.put("severity", t.severity().name());
        data.put("action", t.action().name());
        data.put("state", t.state().name());
        data.put("summary", t.summary());
        data.putArray("evidence").addAll(t.evidence().stream().map(data::textNode).toList());
        if (t.decisionMaker() != null) {
            data.put("decisionMaker", t.decisionMaker());
        }
        if (t.respondWithin() != null) {
            data.put("respondWithin", t.respondWithin().toString());
            data.put("deadline", t.deadline().toString());
        }
        if (t.state() == AlertState.FIRING && t.action() == Action.ROLLBACK) {
            var procedure = plan.procedure(t.rule());
            if (procedure != null) {
                data.putArray("steps").addAll(procedure.steps().stream().map(data::textNode).toList());
            }
        }
        data.put("at", t.at().toString());
        data.put("episode", t.episodeKey());
        // the plan it was decided under: a plan put later re-judges, and says so in alerts of its own
        ObjectNode decidedUnder = data.putObject("plan");
        decidedUnder.put("version", version.version());
        decidedUnder.put("sha256", version.sha256());
        if (t.late() != null) {
            // decided when a late event arrived: the event time it is about, and the event that made it so
            data.put("eventTime", t.late().about().toString());
            ObjectNode late = data.putObject("lateEvent");
            late.put("id", t.late().eventId());
            late.put("source", t.late().eventSource());
            late.put("time", t.late().eventTime().toString());
        }
        ObjectNode event = json.createObjectNode();
        event.put("specversion", "1.0");
        event.put("id", alertId(t));
        event.put("source", "/cutover-monitor");
        event.put("type", ALERT_TYPE);
        event.put("subject", t.rule());
        event.put("time", t.at().toString());
        event.put("datacontenttype", "application/json");
        event.set("data", data);
        return json.writeValueAsString(event);
    }

    /**
     * The episode key as the {@code alert} table keeps it. A key grows with the table and chunk names in it; one longer
     * than {@value #MAX_STORED_KEY_BYTES} bytes in UTF-8 is kept as its first characters and its SHA-256, so it always
     * fits the column and PostgreSQL's B-tree entry (2,704 bytes) of the unique episode index, and FIRING and
     * RESOLVED of one episode still share it. The alert itself carries the whole key.
     */
    static String storedEpisodeKey(String episodeKey) {
        byte[] utf8 = episodeKey.getBytes(StandardCharsets.UTF_8);
        if (utf8.length <= MAX_STORED_KEY_BYTES) {
            return episodeKey;
        }
        int keep = KEPT_KEY_CHARS - (Character.isHighSurrogate(episodeKey.charAt(KEPT_KEY_CHARS - 1)) ? 1 : 0);
        return episodeKey.substring(0, keep) + "…sha256:" + HexFormat.of().formatHex(sha256(utf8));
    }

    private static String alertId(AlertTransition t) {
        byte[] digest = sha256(
                (t.migrationId() + '\u0000' + t.episodeKey() + '\u0000' + t.state()).getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(digest, 0, 16);
    }

    /** SHA-256 of the bytes: also the chunk key of {@code migration_chunk}. */
    static byte[] sha256(byte[] bytes) {
        return Sha256.of(bytes);
    }
}
