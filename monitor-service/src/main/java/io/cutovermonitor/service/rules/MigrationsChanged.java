package io.cutovermonitor.service.rules;

import java.util.Set;

/**
 * The rule state of these migrations changed and the change committed: an event, a decision or the wall clock moved
 * it. Published as a Spring application event, for whatever shows the state live.
 */
public record MigrationsChanged(Set<String> migrationIds) {

    public MigrationsChanged {
        migrationIds = Set.copyOf(migrationIds);
    }
}
