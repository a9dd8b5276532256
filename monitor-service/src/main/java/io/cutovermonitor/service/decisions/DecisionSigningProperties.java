package io.cutovermonitor.service.decisions;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.nio.file.Path;
import java.util.List;

/**
 * How decisions are signed ({@code monitor.decisions.*}). Only this monitor's decision API may answer a rollback
 * trigger: it signs each {@code migration.decision.v1} it writes, and the consumer applies only decisions whose
 * signature verifies.
 *
 * @param signingKey     the key, base64 (at least 32 bytes); every instance of one deployment needs the same one.
 *                       Unset: the key in {@code keyFile}, made there at the first start
 * @param keyFile        where the key is kept when {@code signingKey} is not set
 * @param previousKeys   keys of earlier rotations, base64: decisions they signed still verify (a replay of the
 *                       topic), but nothing new is signed with them
 * @param acceptUnsigned apply decisions without a valid signature too. Only for feeding a stream of decisions
 *                       written by hand or by a test harness (the contract runner); never on a cutover night
 */
@ConfigurationProperties("monitor.decisions")
public record DecisionSigningProperties(String signingKey, @DefaultValue("./data/decision-signing.key") Path keyFile,
                                        List<String> previousKeys, boolean acceptUnsigned) {

    public DecisionSigningProperties {
        previousKeys = previousKeys == null ? List.of() : List.copyOf(previousKeys);
    }
}
