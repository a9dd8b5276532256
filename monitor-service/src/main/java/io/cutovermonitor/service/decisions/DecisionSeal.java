package io.cutovermonitor.service.decisions;

import io.cutovermonitor.validators.event.EventParser;
import io.cutovermonitor.validators.event.EventType;
import io.cutovermonitor.validators.event.ParseResult;
import io.cutovermonitor.validators.event.Sha256;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The proof that this monitor's decision API wrote a {@code migration.decision.v1}: an HMAC-SHA256, under a key
 * only the monitor holds, of the event's content hash (which covers id, source, time and every data field), carried
 * in the CloudEvents extension attribute {@value #ATTRIBUTE} as {@code <key id>:<base64url mac>}. A decision posted
 * by a tool or produced by anyone who can write to the topic has no valid seal and answers nothing; a replay of the
 * topic verifies, since the seal travels with the event. A plan change ({@code migration.plan.v1}, written by
 * {@code PUT /api/migrations/{id}/plan}) is sealed the same way.
 */
@Component
public class DecisionSeal {

    /** The CloudEvents extension attribute holding the seal (lower-case letters and digits, as extensions must). */
    public static final String ATTRIBUTE = "decisionseal";
    private static final Logger LOG = LoggerFactory.getLogger(DecisionSeal.class);
    private static final int MIN_KEY_BYTES = 32;

    private final EventParser parser;
    private final JsonMapper json;
    private final Key signing;
    /** Every key that verifies, by key id: the signing key and those of earlier rotations. */
    private final Map<String, Key> verifying = new LinkedHashMap<>();
    private final boolean acceptUnsigned;

    public DecisionSeal(DecisionSigningProperties settings, EventParser parser, JsonMapper json) {
        this.json = json;
        this.parser = parser;
        this.signing = new Key(settings.signingKey() != null ? decode(settings.signingKey(), "monitor.decisions.signing-key")
                : keyFromFile(settings.keyFile()));
        verifying.put(signing.id, signing);
        for (String previous : settings.previousKeys()) {
            Key key = new Key(decode(previous, "monitor.decisions.previous-keys"));
            verifying.putIfAbsent(key.id, key);
        }
        this.acceptUnsigned = settings.acceptUnsigned();
        if (acceptUnsigned) {
            LOG.warn("monitor.decisions.accept-unsigned is on: a decision from any producer can answer a rollback "
                    + "trigger. Use it only to feed streams written by hand or by a test harness.");
        }
    }

    /** The id of the key new decisions are signed with (the first 8 hex digits of its SHA-256). */
    public String keyId() {
        return signing.id;
    }

    /**
     * The decision with its seal added: a new accepted event whose structured form carries the seal; the content
     * hash is unchanged, as extension attributes are not content.
     */
    public ParseResult.Accepted seal(ParseResult.Accepted decision) {
        ObjectNode envelope = (ObjectNode) json.readTree(decision.structuredJson());
        envelope.put(ATTRIBUTE, signing.id + ":" + signing.mac(decision.event().contentHash()));
        return (ParseResult.Accepted) parser.parseStructured(json.writeValueAsBytes(envelope));
    }

    /**
     * The record as it is, or sealed when it is one only the monitor writes, a decision or a plan change (for the
     * monitor's own writers: the demo).
     */
    public byte[] sealIfDecision(byte[] structuredEvent) {
        if (parser.parseStructured(structuredEvent) instanceof ParseResult.Accepted accepted
                && isSealed(accepted.event().type())) {
            return seal(accepted).structuredJson().getBytes(StandardCharsets.UTF_8);
        }
        return structuredEvent;
    }

    /**
     * Why the event may not be applied, or null when it may: anything but a decision may; a decision only with a
     * seal that verifies under a known key (or with {@code accept-unsigned}).
     */
    public String refusal(ParseResult.Accepted event) {
        EventType type = event.event().type();
        if (!isSealed(type) || acceptUnsigned) {
            return null;
        }
        JsonNode seal = json.readTree(event.structuredJson()).get(ATTRIBUTE);
        if (seal == null || !seal.isString()) {
            return type == EventType.PLAN
                    ? "a plan change must come from the plan API (PUT /api/migrations/{id}/plan): this one has no "
                    + ATTRIBUTE
                    : "a decision must come from the decision API (POST /api/migrations/{id}/decisions): this one has "
                    + "no " + ATTRIBUTE;
        }
        String[] parts = seal.asString().split(":", 2);
        Key key = verifying.get(parts[0]);
        if (key == null || parts.length < 2) {
            return "the " + ATTRIBUTE + " names no key this monitor knows (key id " + parts[0] + ")";
        }
        boolean valid = MessageDigest.isEqual(key.mac(event.event().contentHash()).getBytes(StandardCharsets.US_ASCII),
                parts[1].getBytes(StandardCharsets.US_ASCII));
        return valid ? null : "the " + ATTRIBUTE + " does not match the event: it was not written by the monitor's "
                + "API, or was changed after";
    }

    /**
     * The events only the monitor's API writes: a decision answers a rollback trigger, a plan change re-judges the
     * whole night, so neither may come from whoever can write to the topic.
     */
    public static boolean isSealed(EventType type) {
        return type == EventType.DECISION || type == EventType.PLAN;
    }

    private static byte[] decode(String base64, String setting) {
        byte[] key;
        try {
            key = Base64.getDecoder().decode(base64.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(setting + " must be base64", e);
        }
        if (key.length < MIN_KEY_BYTES) {
            throw new IllegalStateException(setting + " must be at least " + MIN_KEY_BYTES + " bytes, got " + key.length);
        }
        return key;
    }

    /** The key kept in the file, made (random, readable by its owner only) when the file does not exist yet. */
    private static byte[] keyFromFile(Path file) {
        try {
            if (Files.exists(file)) {
                return decode(Files.readString(file), file.toString());
            }
            byte[] key = new byte[MIN_KEY_BYTES];
            new SecureRandom().nextBytes(key);
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path made = Files.writeString(file.resolveSibling(file.getFileName() + ".new"),
                    Base64.getEncoder().encodeToString(key) + "\n");
            try {
                Files.setPosixFilePermissions(made, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: the directory's own permissions protect it
            }
            Files.move(made, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            LOG.info("Made the decision signing key " + file.toAbsolutePath() + "; give every instance of this "
                    + "deployment the same key (monitor.decisions.signing-key)");
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or make the decision signing key " + file, e);
        }
    }

    private static final class Key {
        private final SecretKeySpec secret;
        private final String id;

        Key(byte[] key) {
            this.secret = new SecretKeySpec(key, "HmacSHA256");
            this.id = HexFormat.of().formatHex(Sha256.of(key), 0, 4);
        }

        String mac(String contentHash) {
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(secret);
                return Base64.getUrlEncoder().withoutPadding()
                        .encodeToString(mac.doFinal(contentHash.getBytes(StandardCharsets.US_ASCII)));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("HmacSHA256 is part of every Java platform", e);
            }
        }
    }
}
