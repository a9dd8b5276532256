package io.cutovermonitor.service.support;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/**
 * One answer of {@code GET /actuator/health}, read as a load balancer or an operator's probe reads it: the HTTP
 * status (503 when DOWN), the overall status and, asked with an OPERATOR's credentials, each component's (an
 * anonymous caller sees the overall status only).
 */
public record Health(int httpStatus, JsonNode body) {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** Asks the service on {@code 127.0.0.1:httpPort}; an answer slower than {@code timeout} is an exception. */
    public static Health of(int httpPort, Duration timeout) throws IOException, InterruptedException {
        return of(httpPort, timeout, null, null);
    }

    /** Asks as {@code user} (HTTP Basic), who sees the components when it has role OPERATOR. */
    public static Health of(int httpPort, Duration timeout, String user, String password)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort
                + "/actuator/health")).timeout(timeout);
        if (user != null) {
            request.header("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        try {
            return new Health(response.statusCode(), JSON.readTree(response.body()));
        } catch (JacksonException notJson) { // e.g. the web server up before the actuator
            return new Health(response.statusCode(), JSON.missingNode());
        }
    }

    /** {@code UP}, {@code DOWN}, ... */
    public String status() {
        return body.path("status").asString();
    }

    /** The status of one component, e.g. {@code db}; empty when the answer does not show it. */
    public String component(String name) {
        return body.path("components").path(name).path("status").asString();
    }

    @Override
    public String toString() {
        return httpStatus + " " + body;
    }
}
