package io.cutovermonitor.service.security;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@ExtendWith(OutputCaptureExtension.class)
class ApiUsersTest {

    private final PasswordEncoder encoder = PasswordEncoderFactories.createDelegatingPasswordEncoder();

    private static MonitorSecurityProperties users(MonitorSecurityProperties.User... users) {
        return new MonitorSecurityProperties(List.of(users));
    }

    private static List<String> authorities(UserDetails user) {
        return user.getAuthorities().stream().map(GrantedAuthority::getAuthority).toList();
    }

    @Test
    void withNoUserConfiguredAnOperatorWithARandomPasswordIsMadeAndItsPasswordLogged(CapturedOutput output) {
        UserDetails operator = ApiUsers.from(new MonitorSecurityProperties(null), encoder).get(0);

        Matcher logged = Pattern.compile("WARN.*Cutover Monitor: writes need credentials: user operator, "
                + "password (\\S+); set monitor.security.users to configure").matcher(output.getOut());
        assertThat(logged.find()).as(output.getOut()).isTrue();
        assertThat(operator.getUsername()).isEqualTo("operator");
        assertThat(authorities(operator)).containsExactly("ROLE_OPERATOR");
        assertThat(encoder.matches(logged.group(1), operator.getPassword())).isTrue();
        assertThat(logged.group(1)).hasSizeGreaterThanOrEqualTo(20);

        UserDetails another = ApiUsers.from(new MonitorSecurityProperties(List.of()), encoder).get(0);
        assertThat(another.getPassword()).as("random per start").isNotEqualTo(operator.getPassword());
    }

    @Test
    void configuredUsersKeepTheirEncodingAndRoles() {
        String hash = "{bcrypt}" + new BCryptPasswordEncoder().encode("s3cret");
        List<UserDetails> users = ApiUsers.from(users(
                new MonitorSecurityProperties.User("tools", "{noop}plain", List.of("INGEST")),
                new MonitorSecurityProperties.User("lead", hash, List.of("operator", "INGEST"))), encoder);

        assertThat(encoder.matches("plain", users.get(0).getPassword())).isTrue();
        assertThat(authorities(users.get(0))).containsExactly("ROLE_INGEST");
        assertThat(encoder.matches("s3cret", users.get(1).getPassword())).isTrue();
        assertThat(authorities(users.get(1))).containsExactlyInAnyOrder("ROLE_OPERATOR", "ROLE_INGEST");
    }

    @Test
    void aPasswordWithoutItsEncodingIsRefusedAtStart() {
        assertThatThrownBy(() -> ApiUsers.from(users(
                new MonitorSecurityProperties.User("tools", "plain", List.of("INGEST"))), encoder))
                .hasMessageContaining("monitor.security.users[0].password must start with its encoding");
    }

    @Test
    void anUnknownRoleOrNoRoleOrATwiceConfiguredNameIsRefusedAtStart() {
        assertThatThrownBy(() -> ApiUsers.from(users(
                new MonitorSecurityProperties.User("tools", "{noop}x", List.of("ADMIN"))), encoder))
                .hasMessageContaining("monitor.security.users[0].roles: unknown role ADMIN");
        assertThatThrownBy(() -> ApiUsers.from(users(
                new MonitorSecurityProperties.User("tools", "{noop}x", null)), encoder))
                .hasMessageContaining("monitor.security.users[0].roles");
        assertThatThrownBy(() -> ApiUsers.from(users(
                new MonitorSecurityProperties.User("a", "{noop}x", List.of("INGEST")),
                new MonitorSecurityProperties.User("a", "{noop}y", List.of("INGEST"))), encoder))
                .hasMessageContaining("monitor.security.users[1].name: user a is configured twice");
    }
}
