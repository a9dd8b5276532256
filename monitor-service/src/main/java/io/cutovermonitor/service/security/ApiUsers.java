package io.cutovermonitor.service.security;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.crypto.password.PasswordEncoder;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Turns {@code monitor.security.users} into Spring Security users, refusing at start what would only fail at the
 * first login (a password without its encoding prefix, an unknown role), and makes the embedded default's
 * {@code operator} when none is configured.
 */
final class ApiUsers {

    static final String DEFAULT_USER = "operator";
    private static final Logger LOG = LoggerFactory.getLogger(ApiUsers.class);

    private ApiUsers() {
    }

    static List<UserDetails> from(MonitorSecurityProperties properties, PasswordEncoder encoder) {
        if (properties.users().isEmpty()) {
            return List.of(generatedOperator());
        }
        List<UserDetails> users = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < properties.users().size(); i++) {
            MonitorSecurityProperties.User user = properties.users().get(i);
            String key = "monitor.security.users[" + i + "]";
            if (user.name() == null || user.name().isBlank()) {
                throw new IllegalStateException(key + ".name is missing");
            }
            if (!names.add(user.name())) {
                throw new IllegalStateException(key + ".name: user " + user.name() + " is configured twice");
            }
            checkPassword(key, user.password(), encoder);
            if (user.roles().isEmpty()) {
                throw new IllegalStateException(key + ".roles: give INGEST and/or OPERATOR");
            }
            String[] roles = user.roles().stream().map(role -> role(key, role).name()).toArray(String[]::new);
            users.add(User.withUsername(user.name()).password(user.password()).roles(roles).build());
        }
        return users;
    }

    private static void checkPassword(String key, String password, PasswordEncoder encoder) {
        if (password == null || password.isEmpty()) {
            throw new IllegalStateException(key + ".password is missing");
        }
        try {
            // the delegating encoder throws for a password whose {id} prefix it does not know (or that has none)
            encoder.matches("probe", password);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(key + ".password must start with its encoding, {noop} for plain text "
                    + "or {bcrypt} for a bcrypt hash", e);
        }
    }

    private static Role role(String key, String role) {
        try {
            return Role.valueOf(role.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(key + ".roles: unknown role " + role + " (INGEST or OPERATOR)", e);
        }
    }

    private static UserDetails generatedOperator() {
        byte[] random = new byte[18];
        new SecureRandom().nextBytes(random);
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        LOG.warn("Cutover Monitor: writes need credentials: user " + DEFAULT_USER + ", password " + password
                + "; set monitor.security.users to configure");
        return User.withUsername(DEFAULT_USER).password("{noop}" + password).roles(Role.OPERATOR.name()).build();
    }
}
