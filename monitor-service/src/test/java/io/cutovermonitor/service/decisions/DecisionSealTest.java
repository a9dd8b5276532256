package io.cutovermonitor.service.decisions;

import tools.jackson.databind.json.JsonMapper;
import io.cutovermonitor.validators.event.EventParser;
import io.cutovermonitor.validators.event.ParseResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The seal a decision carries: who can make one, what breaks it, and how a key is rotated. */
class DecisionSealTest {

    private static final String OLD_KEY = Base64.getEncoder().encodeToString("old-key-of-the-oms-cutover-night!".getBytes());
    private static final String NEW_KEY = Base64.getEncoder().encodeToString("new-key-after-the-rotation-of-may".getBytes());

    private final EventParser parser = new EventParser();

    private static DecisionSeal sealWith(String key, String... previous) {
        return new DecisionSeal(new DecisionSigningProperties(key, null, List.of(previous), false), new EventParser(), JsonMapper.builder().build());
    }

    private ParseResult.Accepted decision(String reason) {
        return (ParseResult.Accepted) parser.parseStructured(("""
                {"specversion":"1.0","id":"d-1","source":"/cutover-monitor/api/decisions","type":"migration.decision.v1",
                 "time":"2025-11-16T00:11:14Z","data":{"migrationId":"oms","decision":"GO",
                 "by":"Taro Tanaka (Migration Lead)","reason":"%s","rule":"core-function-failure"}}""")
                .formatted(reason).getBytes(StandardCharsets.UTF_8));
    }

    private ParseResult.Accepted reparsed(ParseResult.Accepted event, String from, String to) {
        return (ParseResult.Accepted) parser.parseStructured(
                event.structuredJson().replace(from, to).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aSealedDecisionVerifiesAndAnUnsealedOneIsRefused() {
        DecisionSeal seal = sealWith(NEW_KEY);
        assertThat(seal.refusal(seal.seal(decision("retried and passed")))).isNull();
        assertThat(seal.refusal(decision("retried and passed"))).contains("must come from the decision API");
    }

    @Test
    void aSealedDecisionChangedAfterwardsIsRefused() {
        // Given a decision the API sealed
        DecisionSeal seal = sealWith(NEW_KEY);
        ParseResult.Accepted sealed = seal.seal(decision("retried and passed"));

        // When someone copies its seal onto other words
        ParseResult.Accepted changed = reparsed(sealed, "retried and passed", "ignore the mismatch");

        // Then it no longer verifies
        assertThat(seal.refusal(changed)).contains("does not match the event");
    }

    @Test
    void aSealUnderAKeyThisMonitorDoesNotHoldIsRefused() {
        ParseResult.Accepted sealedElsewhere = sealWith(OLD_KEY).seal(decision("retried and passed"));
        assertThat(sealWith(NEW_KEY).refusal(sealedElsewhere)).contains("names no key this monitor knows");
    }

    @Test
    void afterARotationWhatTheOldKeySealedStillVerifiesAndNewDecisionsAreSealedWithTheNewKey() {
        // Given a decision sealed before the rotation
        DecisionSeal before = sealWith(OLD_KEY);
        ParseResult.Accepted old = before.seal(decision("rehearsal 2 passed"));

        // When the new key signs and the old one is moved to previous-keys
        DecisionSeal after = sealWith(NEW_KEY, OLD_KEY);

        // Then the old decision still verifies (a replay of the topic), and a new one carries the new key's id
        assertThat(after.refusal(old)).isNull();
        assertThat(after.keyId()).isNotEqualTo(before.keyId());
        assertThat(after.seal(decision("cutover done")).structuredJson()).contains("\"" + after.keyId() + ":");
        // and a monitor that no longer lists the old key refuses it
        assertThat(sealWith(NEW_KEY).refusal(old)).isNotNull();
    }

    @Test
    void withoutAConfiguredKeyOneIsMadeOnceReadableByItsOwnerOnlyAndKeptAcrossRestarts(@TempDir Path data)
            throws Exception {
        Path file = data.resolve("data/decision-signing.key");
        DecisionSeal first = new DecisionSeal(new DecisionSigningProperties(null, file, null, false), new EventParser(), JsonMapper.builder().build());
        ParseResult.Accepted sealed = first.seal(decision("retried and passed"));

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        DecisionSeal restarted = new DecisionSeal(new DecisionSigningProperties(null, file, null, false), new EventParser(), JsonMapper.builder().build());
        assertThat(restarted.keyId()).isEqualTo(first.keyId());
        assertThat(restarted.refusal(sealed)).isNull();
    }

    @Test
    void aKeyTooShortOrNotBase64StopsTheStartNamingTheSetting() {
        assertThatThrownBy(() -> sealWith(Base64.getEncoder().encodeToString(new byte[16])))
                .hasMessageContaining("monitor.decisions.signing-key must be at least 32 bytes");
        assertThatThrownBy(() -> sealWith(NEW_KEY, "not base64!"))
                .hasMessageContaining("monitor.decisions.previous-keys must be base64");
    }

    @Test
    void acceptUnsignedAppliesAnyDecision() {
        DecisionSeal lenient = new DecisionSeal(new DecisionSigningProperties(NEW_KEY, null, null, true), new EventParser(), JsonMapper.builder().build());
        assertThat(lenient.refusal(decision("written by the contract runner"))).isNull();
    }
}
