package io.cutovermonitor.service.api;

import org.apache.catalina.Lifecycle;
import org.apache.catalina.LifecycleState;
import org.apache.catalina.core.StandardHost;
import org.springframework.boot.tomcat.TomcatContextCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Every error the server writes is JSON: Spring's error page is {@link JsonErrorController}, and Tomcat's own report,
 * for what it refuses before Spring sees it, is {@link ApiErrorReportValve}.
 */
@Configuration(proxyBeanMethods = false)
class ServerErrorPages {

    /**
     * Boot adds the application's context to the host before it runs the context customizers, so the host is the
     * context's parent here. The valve goes in just before the host starts: by then every customizer has run,
     * Boot's own (which adds an HTML {@code ErrorReportValve}) included, whatever their order.
     */
    @Bean
    TomcatContextCustomizer jsonErrorReports() {
        return context -> {
            if (!(context.getParent() instanceof StandardHost host)) {
                throw new IllegalStateException("expected the context's parent to be Tomcat's StandardHost, found "
                        + context.getParent() + ": Tomcat's error reports would not be JSON");
            }
            if (host.getState() == LifecycleState.NEW || host.getState() == LifecycleState.INITIALIZED) {
                host.addLifecycleListener(event -> {
                    if (Lifecycle.BEFORE_START_EVENT.equals(event.getType())) {
                        ApiErrorReportValve.install(host);
                    }
                });
            } else {
                ApiErrorReportValve.install(host);
            }
        };
    }
}
