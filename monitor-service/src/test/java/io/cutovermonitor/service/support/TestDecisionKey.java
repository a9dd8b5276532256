package io.cutovermonitor.service.support;

import tools.jackson.databind.json.JsonMapper;
import io.cutovermonitor.service.decisions.DecisionSeal;
import io.cutovermonitor.service.decisions.DecisionSigningProperties;
import io.cutovermonitor.validators.event.EventParser;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The decision signing key every service a test starts is given, as every instance of one deployment shares one:
 * {@code src/test/resources/application.properties} for services in the test's JVM, {@link #ARGUMENT} for the
 * packaged jar. A test stream's decisions are sealed with it, as if the decision API had written them (the contract
 * examples date their decisions, which the API would stamp with the moment it received them).
 */
public final class TestDecisionKey {

    public static final String KEY = "ZGVmZ2hpamtsbW5vcHFyc3R1dnd4eXp7fH1+f4CBgoM=";
    public static final String ARGUMENT = "--monitor.decisions.signing-key=" + KEY;
    private static final DecisionSeal SEAL = new DecisionSeal(new DecisionSigningProperties(KEY, null, List.of(), false),
            new EventParser(), JsonMapper.builder().build());

    private TestDecisionKey() {
    }

    /** The record as it is, or sealed with the test key when it is a decision. */
    public static String sealed(String record) {
        return new String(SEAL.sealIfDecision(record.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
    }
}
