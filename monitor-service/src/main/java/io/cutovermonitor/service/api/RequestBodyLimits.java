package io.cutovermonitor.service.api;

import org.apache.coyote.http11.AbstractHttp11Protocol;
import org.springframework.boot.tomcat.TomcatProtocolHandlerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Tomcat answers {@code Expect: 100-continue} only once an endpoint reads the body; by default it answers at once, so
 * a client that declares a body over the endpoint's limit (see {@link BoundedBody}) would send it all only to be
 * refused. Now it gets its 413 before it sends a byte.
 */
@Configuration(proxyBeanMethods = false)
class RequestBodyLimits {

    @Bean
    TomcatProtocolHandlerCustomizer<AbstractHttp11Protocol<?>> continueOnlyWhenTheBodyIsRead() {
        return protocol -> protocol.setContinueResponseTiming("onRead");
    }
}
