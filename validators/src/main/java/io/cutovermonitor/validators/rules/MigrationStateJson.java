package io.cutovermonitor.validators.rules;

import tools.jackson.databind.json.JsonMapper;

/** The JSON form of a {@link MigrationState}: what the service snapshots in its ledger and restores after a restart. */
public final class MigrationStateJson {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private MigrationStateJson() {
    }

    public static String write(MigrationState state) {
        return JSON.writeValueAsString(state);
    }

    public static MigrationState read(String json) {
        return JSON.readValue(json, MigrationState.class);
    }
}
