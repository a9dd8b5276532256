package io.cutovermonitor.service.security;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.util.List;

/**
 * Who may write to the API ({@code monitor.security.*}). Reading is open; every write needs HTTP Basic
 * credentials of one of these users. With no user configured the service creates {@code operator} with a random
 * password that it logs at start.
 *
 * @param users the users; each password carries its encoding as a prefix, {@code {noop}secret} or
 *              {@code {bcrypt}$2a$10$...}
 */
@ConfigurationProperties("monitor.security")
public record MonitorSecurityProperties(List<User> users) {

    public MonitorSecurityProperties {
        users = users == null ? List.of() : List.copyOf(users);
    }

    /**
     * @param roles {@code INGEST} (may post events) and/or {@code OPERATOR} (plans and decisions, and events)
     */
    public record User(String name, String password, List<String> roles) {

        public User {
            roles = roles == null ? List.of() : List.copyOf(roles);
        }
    }
}
