package io.cutovermonitor.validators.event;

import io.cutovermonitor.validators.event.Rejection.Reason;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The one parser of the telemetry contract (SPEC section 3): a record value (structured mode) or the {@code ce_*}
 * headers plus a data value (binary mode) becomes either a typed {@link TelemetryEvent} or a {@link Rejection}
 * naming the field and the problem. Never throws for bad input: one bad record must never stop the consumer.
 */
public final class EventParser {

    /** SPEC section 3: a record over 1 MiB is not applied. */
    public static final int MAX_RECORD_BYTES = 1024 * 1024;

    private static final String SPEC_VERSION = "1.0";
    private static final BigDecimal MAX_COUNT = BigDecimal.valueOf(Limits.MAX_COUNT);
    /** The longest numeric chunk bound, in digits: far beyond any key, and short of a bound that costs to write out. */
    private static final int MAX_BOUND_DIGITS = 100;
    /**
     * Jackson throws {@link NumberFormatException}, not its own exception, for a number whose exponent is out of range
     * (fuzzing found {@code 2220e22222222200000000000002}).
     */
    private static final String NUMBER_OUT_OF_RANGE = "not valid JSON (a number out of range)";

    private final MessageDigest sha256 = Sha256.newDigest();
    private final JsonMapper json = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    /** Structured mode: the whole envelope is the value. */
    public ParseResult parseStructured(byte[] value) {
        if (value == null || value.length == 0) {
            return rejected(Reason.NOT_JSON, "", "empty record");
        }
        if (value.length > MAX_RECORD_BYTES) {
            return tooLarge(value.length);
        }
        String text = utf8(value);
        if (text == null) {
            return rejected(Reason.NOT_JSON, "", "not valid UTF-8");
        }
        JsonNode root;
        try {
            root = json.readTree(text);
        } catch (JacksonException e) {
            return rejected(Reason.NOT_JSON, "", "not valid JSON (" + e.getOriginalMessage() + ")");
        } catch (NumberFormatException e) {
            return rejected(Reason.NOT_JSON, "", NUMBER_OUT_OF_RANGE);
        }
        if (root == null || !root.isObject()) {
            return rejected(Reason.NOT_CLOUDEVENT, "", "must be a JSON object (a CloudEvent)");
        }
        return parseEnvelope((ObjectNode) root, text);
    }

    /**
     * Binary mode: CloudEvents attributes in {@code ce_*} headers (names case-insensitive), the data in the value.
     *
     * @param ceHeaders header name to UTF-8 value, e.g. {@code ce_id}, {@code ce_source}, {@code ce_type}
     */
    public ParseResult parseBinary(Map<String, String> ceHeaders, byte[] value) {
        if (value != null && value.length > MAX_RECORD_BYTES) {
            return tooLarge(value.length);
        }
        ObjectNode envelope = json.createObjectNode();
        ceHeaders.forEach((name, headerValue) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.startsWith("ce_") && headerValue != null) {
                envelope.put(lower.substring(3), headerValue);
            }
        });
        if (value != null && value.length > 0) {
            String data = utf8(value);
            if (data == null) {
                return rejected(Reason.NOT_JSON, "data", "not valid UTF-8");
            }
            try {
                envelope.set("data", json.readTree(data));
            } catch (JacksonException e) {
                return rejected(Reason.NOT_JSON, "data", "not valid JSON (" + e.getOriginalMessage() + ")");
            } catch (NumberFormatException e) {
                return rejected(Reason.NOT_JSON, "data", NUMBER_OUT_OF_RANGE);
            }
        }
        return parseEnvelope(envelope, null);
    }

    /** True when the headers carry a binary-mode CloudEvent (a {@code ce_specversion} header). */
    public static boolean isBinaryMode(Map<String, String> headers) {
        return headers.keySet().stream().anyMatch(h -> h.equalsIgnoreCase("ce_specversion"));
    }

    /**
     * The bytes as text, or null when they are not UTF-8. Jackson's byte-level parser can read a property name that
     * holds an invalid byte as a name it has read before (fuzzing found {@code "specvers\xFFion"} read as
     * {@code specversion}); the ledger keeps the record as text, so the replay would then see another event. Parsing
     * the strictly decoded text gives the parser and the ledger the same characters. The plain decoder is the fast
     * path; only text that holds a replacement character is decoded again strictly.
     */
    private static String utf8(byte[] value) {
        String text = new String(value, StandardCharsets.UTF_8);
        if (text.indexOf('\uFFFD') < 0) {
            return text;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(value)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /** @param structured the record as received in structured mode (kept verbatim), or null to write it from root */
    private ParseResult parseEnvelope(ObjectNode root, String structured) {
        EventType type = null;
        try {
            Fields envelope = new Fields(root, "");
            String specVersion = envelope.text("specversion");
            if (!SPEC_VERSION.equals(specVersion)) {
                throw new Invalid(Reason.NOT_CLOUDEVENT, "specversion", "must be \"1.0\", got \"" + specVersion + "\"");
            }
            String id = envelope.envelopeText("id");
            String source = envelope.envelopeText("source");
            String ceType = envelope.text("type");
            Instant time = envelope.time("time");
            type = EventType.fromCeType(ceType)
                    .orElseThrow(() -> new Invalid(Reason.UNKNOWN_TYPE, "type", "unknown type " + ceType));
            JsonNode dataNode = root.get("data");
            if (dataNode == null || dataNode.isNull()) {
                throw new Invalid(Reason.MISSING_FIELD, "data", "is required");
            }
            if (!dataNode.isObject()) {
                throw new Invalid(Reason.WRONG_TYPE, "data", "must be a JSON object");
            }
            EventData data = parseData(type, new Fields(dataNode, "data."));
            String hash = contentHash(id, source, time, data);
            return new ParseResult.Accepted(new TelemetryEvent(id, source, time, data, hash),
                    structured != null ? structured : json.writeValueAsString(root));
        } catch (Invalid invalid) {
            return new ParseResult.Rejected(invalid.rejection.ofType(type));
        }
    }

    private static EventData parseData(EventType type, Fields d) {
        return switch (type) {
            case PHASE -> new PhaseEvent(d.migrationId(), d.enumValue("phase", PhaseEvent.Phase.class),
                    d.optionalText("name"), d.enumValue("status", PhaseEvent.PhaseStatus.class),
                    d.optionalDuration("maintenanceWindow"));
            case SYNC -> new SyncEvent(d.migrationId(), d.text("scope"),
                    d.enumValue("mode", SyncEvent.SyncMode.class), d.count("recordsSynced"),
                    d.optionalCount("recordsTotal"), d.optionalAmount("lagSeconds"),
                    d.enumValue("state", SyncEvent.SyncState.class));
            case RECONCILIATION -> reconciliation(d);
            case RECONCILIATION_PROGRESS -> new ReconciliationProgressEvent(d.migrationId(), d.text("runId"),
                    d.text("table"), d.count("rowsDone"), d.optionalCount("estimatedRows"),
                    d.enumValue("state", ReconciliationProgressEvent.ProgressState.class));
            case THROUGHPUT -> throughput(d);
            case JOB -> new JobEvent(d.migrationId(), d.text("job"), d.text("runId"),
                    d.enumValue("state", JobEvent.JobState.class), d.optionalCount("records"),
                    d.optionalAmount("durationSeconds"));
            case CHECK -> new CheckEvent(d.migrationId(), d.text("check"),
                    d.enumValue("kind", CheckEvent.CheckKind.class), d.bool("passed"),
                    d.optionalAmount("latencyMs"), d.optionalProse("detail"));
            case DECISION -> new DecisionEvent(d.migrationId(),
                    d.enumValue("decision", DecisionEvent.Decision.class), d.text("by"), d.prose("reason"),
                    d.optionalText("rule"), d.optionalText("account"));
            case PLAN -> plan(d);
        };
    }

    private static ReconciliationEvent reconciliation(Fields d) {
        String migrationId = d.migrationId();
        String runId = d.text("runId");
        String table = d.text("table");
        Chunk chunk = d.optionalChunk("chunk");
        ReconciliationEvent.Side source = d.optionalSide("source");
        ReconciliationEvent.Side target = d.optionalSide("target");
        if (source == null && target == null) {
            throw new Invalid(Reason.MISSING_FIELD, "data.source", "a reconciliation needs a source or a target side");
        }
        return new ReconciliationEvent(migrationId, runId, table, chunk, source, target,
                d.optionalText("algorithm"));
    }

    /** The plan's text is only read here; whether it is a valid plan is the plan's loader's to say. */
    private static PlanEvent plan(Fields d) {
        return new PlanEvent(d.migrationId(), d.planText("plan"), d.text("by"), d.optionalText("account"));
    }

    private static ThroughputEvent throughput(Fields d) {
        ThroughputEvent event = new ThroughputEvent(d.migrationId(), d.text("component"), d.count("records"),
                d.time("intervalStart"), d.time("intervalEnd"));
        if (event.intervalEnd().isBefore(event.intervalStart())) {
            throw new Invalid(Reason.IMPOSSIBLE_VALUE, "data.intervalEnd", "must not be before intervalStart");
        }
        return event;
    }

    /**
     * Equal values give equal hashes whatever the formatting ({@code 100.0} and {@code 100}, key order), so a
     * re-delivery is a duplicate and only different content under the same (source, id) is a conflict.
     */
    private String contentHash(String id, String source, Instant time, EventData data) {
        String canonical = id + '\u0000' + source + '\u0000' + time.getEpochSecond() + '.' + time.getNano() + '\u0000'
                + CanonicalText.of((Record) data);
        byte[] digest = newDigest().digest(canonical.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(digest);
    }

    /** A fresh SHA-256 digest: cloning a prototype avoids the provider lookup that was a fifth of ingest time. */
    private MessageDigest newDigest() {
        try {
            return (MessageDigest) sha256.clone();
        } catch (CloneNotSupportedException e) {
            return Sha256.newDigest();
        }
    }

    /**
     * RFC 3339 with an offset. The common UTC form {@code 2025-11-15T22:00:00Z} is read by hand: the general
     * formatter was a seventh of the ingest path's time.
     */
    static Instant parseTime(String text) {
        if (text.length() == 20 && text.charAt(19) == 'Z' && text.charAt(4) == '-' && text.charAt(7) == '-'
                && text.charAt(10) == 'T' && text.charAt(13) == ':' && text.charAt(16) == ':') {
            return java.time.LocalDateTime.of(digits(text, 0, 4), digits(text, 5, 7), digits(text, 8, 10),
                    digits(text, 11, 13), digits(text, 14, 16), digits(text, 17, 19)).toInstant(java.time.ZoneOffset.UTC);
        }
        return OffsetDateTime.parse(text).toInstant();
    }

    private static int digits(String text, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                throw new NumberFormatException(text);
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static ParseResult tooLarge(int bytes) {
        return rejected(Reason.TOO_LARGE, "", "record of " + bytes + " bytes is over the 1 MiB limit");
    }

    private static ParseResult rejected(Reason reason, String path, String problem) {
        return new ParseResult.Rejected(new Rejection(reason, path, problem));
    }

    /** A field that breaks the contract; unwinds the parse of one record. */
    private static final class Invalid extends RuntimeException {
        private final Rejection rejection;

        Invalid(Reason reason, String path, String problem) {
            super(path + ": " + problem, null, false, false);
            this.rejection = new Rejection(reason, path, problem);
        }
    }

    /** Typed reads of one JSON object's fields, each failing with the field's path and the problem. */
    private record Fields(JsonNode node, String prefix) {

        private JsonNode required(String name) {
            JsonNode value = node.get(name);
            if (value == null || value.isNull()) {
                throw new Invalid(Reason.MISSING_FIELD, prefix + name, "is required");
            }
            return value;
        }

        private Optional<JsonNode> optional(String name) {
            JsonNode value = node.get(name);
            return value == null || value.isNull() ? Optional.empty() : Optional.of(value);
        }

        /** A name: a table, a check, a job, a run id... (at most {@link Limits#MAX_NAME}, no control character). */
        String text(String name) {
            return asText(name, required(name), Limits.MAX_NAME, false);
        }

        String optionalText(String name) {
            return optional(name).map(v -> asText(name, v, Limits.MAX_NAME, false)).orElse(null);
        }

        /** Free text a person wrote: longer, and it may hold tabs and line breaks. */
        String prose(String name) {
            return asText(name, required(name), Limits.MAX_TEXT, true);
        }

        /** A plan's text: multi-line, at most {@link Limits#MAX_PLAN_TEXT}. */
        String planText(String name) {
            return asText(name, required(name), Limits.MAX_PLAN_TEXT, true);
        }

        String optionalProse(String name) {
            return optional(name).map(v -> asText(name, v, Limits.MAX_TEXT, true)).orElse(null);
        }

        /** CloudEvents {@code id} or {@code source}: what identifies an event in the ledger. */
        String envelopeText(String name) {
            String text = asText(name, required(name), Limits.MAX_ENVELOPE_TEXT, false);
            int bytes = text.getBytes(StandardCharsets.UTF_8).length;
            if (bytes > Limits.MAX_ENVELOPE_BYTES) {
                throw new Invalid(Reason.IMPOSSIBLE_VALUE, prefix + name,
                        "is " + bytes + " bytes in UTF-8, over the limit of " + Limits.MAX_ENVELOPE_BYTES);
            }
            return text;
        }

        /** The migration id: one grammar for the ledger, the metrics and every endpoint's path. */
        String migrationId() {
            JsonNode value = required("migrationId");
            if (!value.isString()) {
                throw new Invalid(Reason.WRONG_TYPE, prefix + "migrationId", "must be a string");
            }
            String problem = Limits.migrationIdProblem(value.stringValue());
            if (problem != null) {
                throw new Invalid(Reason.IMPOSSIBLE_VALUE, prefix + "migrationId", problem);
            }
            return value.stringValue();
        }

        private String asText(String name, JsonNode value, int maxLength, boolean prose) {
            if (!value.isString()) {
                throw new Invalid(Reason.WRONG_TYPE, prefix + name, "must be a string");
            }
            return storable(prefix + name, value.stringValue(), maxLength, prose);
        }

        private static String storable(String path, String text, int maxLength, boolean prose) {
            if (text.isBlank()) {
                throw new Invalid(Reason.IMPOSSIBLE_VALUE, path, "must not be blank");
            }
            if (text.length() > maxLength) {
                throw new Invalid(Reason.IMPOSSIBLE_VALUE, path,
                        "is " + text.length() + " characters, over the limit of " + maxLength);
            }
            String problem = Limits.textProblem(text, prose);
            if (problem != null) {
                throw new Invalid(Reason.IMPOSSIBLE_VALUE, path, problem);
            }
            return text;
        }

        <E extends Enum<E>> E enumValue(String name, Class<E> type) {
            JsonNode value = required(name);
            String allowed = String.join("/", java.util.Arrays.stream(type.getEnumConstants()).map(Enum::name).toList());
            if (value.isString()) {
                for (E constant : type.getEnumConstants()) {
                    if (constant.name().equals(value.stringValue())) {
                        return constant;
                    }
                }
            }
            throw new Invalid(value.isString() ? Reason.IMPOSSIBLE_VALUE : Reason.WRONG_TYPE, prefix + name,
                    "must be one of " + allowed);
        }

        long count(String name) {
            return asCount(name, required(name));
        }

        Long optionalCount(String name) {
            return optional(name).map(v -> asCount(name, v)).orElse(null);
        }

        /**
         * A count: a whole number (100.0 is read as 100), never negative. Checked by scale and comparison only: making
         * {@code 1e999999999} a whole number first would take the heap.
         */
        private long asCount(String name, JsonNode value) {
            BigDecimal number = asNumber(name, value);
            if (number.stripTrailingZeros().scale() > 0) {
                throw new Invalid(Reason.IMPOSSIBLE_VALUE, prefix + name, "must be a whole number, got " + number);
            }
            if (number.signum() < 0) {
                throw new Invalid(Reason.IMPOSSIBLE_VALUE, prefix + name, "must be >= 0");
            }
            if (number.compareTo(MAX_COUNT) > 0) {
                throw new Invalid(Reason.IMPOSSIBLE_VALUE, prefix + name,
                        "is over the limit of " + Limits.MAX_COUNT + " for one event");
            }
            return number.longValueExact();
        }

        Double optionalAmount(String name) {
            return optional(name).map(v -> {
                BigDecimal number = asNumber(name, v);
                if (number.signum() < 0) {
                    throw new Invalid(Reason.IMPOSSIBLE_VALUE, prefix + name, "must be >= 0");
                }
                double amount = number.doubleValue();
                if (Double.isInfinite(amount)) {
                    throw new Invalid(Reason.IMPOSSIBLE_VALUE, prefix + name, "is too large");
                }
                return amount;
            }).orElse(null);
        }

        private BigDecimal asNumber(String name, JsonNode value) {
            if (!value.isNumber()) {
                throw new Invalid(Reason.WRONG_TYPE, prefix + name, "must be a number");
            }
            return value.decimalValue();
        }

        boolean bool(String name) {
            JsonNode value = required(name);
            if (!value.isBoolean()) {
                throw new Invalid(Reason.WRONG_TYPE, prefix + name, "must be true or false");
            }
            return value.booleanValue();
        }

        Instant time(String name) {
            JsonNode value = required(name);
            if (!value.isString()) {
                throw new Invalid(Reason.WRONG_TYPE, prefix + name, "must be an RFC 3339 timestamp string");
            }
            Instant time;
            try {
                time = parseTime(value.stringValue());
            } catch (java.time.DateTimeException | NumberFormatException e) {
                throw new Invalid(Reason.WRONG_TYPE, prefix + name,
                        "must be an RFC 3339 timestamp with an offset, e.g. 2025-11-15T22:00:00Z");
            }
            if (time.isBefore(Limits.EARLIEST_TIME) || time.isAfter(Limits.LATEST_TIME)) {
                throw new Invalid(Reason.IMPOSSIBLE_VALUE, prefix + name, "must be in the years 0001-9999 (UTC)");
            }
            return time;
        }

        Duration optionalDuration(String name) {
            return optional(name).map(value -> {
                Duration duration;
                try {
                    duration = value.isString() ? Duration.parse(value.stringValue()) : null;
                } catch (DateTimeParseException e) {
                    duration = null;
                }
                if (duration == null) {
                    throw new Invalid(Reason.WRONG_TYPE, prefix + name, "must be an ISO-8601 duration such as PT8H");
                }
                if (duration.isNegative() || duration.isZero()) {
                    throw new Invalid(Reason.IMPOSSIBLE_VALUE, prefix + name, "must be a positive duration");
                }
                if (duration.compareTo(Limits.MAX_WINDOW) > 0) {
                    throw new Invalid(Reason.IMPOSSIBLE_VALUE, prefix + name,
                            "must be at most " + Limits.MAX_WINDOW.toDays() + " days");
                }
                return duration;
            }).orElse(null);
        }

        Chunk optionalChunk(String name) {
            return optional(name).map(value -> {
                if (!value.isObject()) {
                    throw new Invalid(Reason.WRONG_TYPE, prefix + name, "must be {\"lower\":…, \"upper\":…} or {\"id\":…}");
                }
                var keys = value.propertyNames();
                if (keys.size() == 1 && keys.contains("id")) {
                    return Chunk.ofId(bound(name + ".id", value.get("id")));
                }
                if (keys.size() == 2 && keys.contains("lower") && keys.contains("upper")) {
                    return Chunk.ofRange(bound(name + ".lower", value.get("lower")),
                            bound(name + ".upper", value.get("upper")));
                }
                throw new Invalid(Reason.WRONG_TYPE, prefix + name, "must be {\"lower\":…, \"upper\":…} or {\"id\":…}");
            }).orElse(null);
        }

        private String bound(String path, JsonNode value) {
            if (value.isNumber()) {
                BigDecimal number = value.decimalValue().stripTrailingZeros();
                if (plainDigits(number) > MAX_BOUND_DIGITS) {
                    throw new Invalid(Reason.IMPOSSIBLE_VALUE, prefix + path,
                            "a numeric bound has at most " + MAX_BOUND_DIGITS + " digits");
                }
                return Chunk.canonicalNumber(number);
            }
            if (value.isString() && !value.stringValue().isEmpty()) {
                return storable(prefix + path, value.stringValue(), Limits.MAX_NAME, false);
            }
            throw new Invalid(Reason.WRONG_TYPE, prefix + path, "must be a string or a number");
        }

        /** How many digits the number has written without exponent ({@code 1e-3} is 0.001: 4), computed, not written. */
        private static long plainDigits(BigDecimal stripped) {
            long scale = stripped.scale();
            return scale <= 0 ? stripped.precision() - scale : Math.max(stripped.precision(), scale) + 1;
        }

        ReconciliationEvent.Side optionalSide(String name) {
            return optional(name).map(value -> {
                if (!value.isObject()) {
                    throw new Invalid(Reason.WRONG_TYPE, prefix + name, "must be an object {rowCount, checksum?}");
                }
                Fields side = new Fields(value, prefix + name + ".");
                return new ReconciliationEvent.Side(side.count("rowCount"), side.optionalChecksum());
            }).orElse(null);
        }

        private String optionalChecksum() {
            return optional("checksum").map(v -> {
                if (!v.isString() || v.stringValue().isBlank()) {
                    throw new Invalid(Reason.WRONG_TYPE, prefix + "checksum", "must be a non-empty string");
                }
                return storable(prefix + "checksum", v.stringValue(), Limits.MAX_NAME, false);
            }).orElse(null);
        }
    }
}
