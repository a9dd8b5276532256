package io.cutovermonitor.service.security;

import jakarta.servlet.DispatcherType;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

import static org.springframework.security.config.Customizer.withDefaults;

/**
 * Reading is open (the API's GETs, health, info and the Prometheus scrape); every write needs HTTP Basic
 * credentials: {@code POST /api/events} a user with role INGEST or OPERATOR, everything else (plans, decisions)
 * OPERATOR. No credentials: 401; the wrong role: 403. Health is open too, but only its status: its components and
 * their details are shown to an OPERATOR who sends credentials ({@code management.endpoint.health.*} in
 * application.yaml).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET) // nothing to guard without a server
class SecurityConfiguration {

    private static final String INGEST = Role.INGEST.name();
    private static final String OPERATOR = Role.OPERATOR.name();

    @Bean
    SecurityFilterChain apiSecurity(HttpSecurity http) throws Exception {
        return http
                // CSRF protection defends a browser session's cookie from being used by another site. This is a
                // machine API: every write carries its own HTTP Basic credentials, no session or cookie is ever
                // issued, so a forged cross-site request has no ambient credential to ride on.
                .csrf(AbstractHttpConfigurer::disable)
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(AbstractHttpConfigurer::disable)
                .httpBasic(withDefaults())
                .authorizeHttpRequests(requests -> requests
                        // the error page renders the status a request already got (401, 403, 404, ...)
                        .dispatcherTypeMatchers(DispatcherType.ERROR).permitAll()
                        // reads are open: GET /api/**, /actuator/health, info, prometheus; an endpoint that is not
                        // exposed stays a 404 rather than becoming a 401
                        .requestMatchers(HttpMethod.GET).permitAll()
                        .requestMatchers(HttpMethod.HEAD).permitAll()
                        .requestMatchers(HttpMethod.POST, "/api/events").hasAnyRole(INGEST, OPERATOR)
                        .requestMatchers("/api/**").hasRole(OPERATOR)
                        .anyRequest().hasRole(OPERATOR))
                .build();
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        // {noop}plain, {bcrypt}$2a$..., and the other ids Spring Security knows
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    @Bean
    InMemoryUserDetailsManager apiUsers(MonitorSecurityProperties properties, PasswordEncoder encoder) {
        return new InMemoryUserDetailsManager(ApiUsers.from(properties, encoder));
    }
}
