package io.cutovermonitor.agent;

import io.cutovermonitor.validators.event.ContentTypes;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;

/**
 * {@code POST <url>/api/events} as one CloudEvents batch, with an INGEST account's credentials. The monitor takes a
 * batch whole or not at all: a 400 names the refused events, which are set aside and the rest sent again.
 */
final class HttpTransport implements Transport {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final URI events;
    private final String authorization;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    HttpTransport(String url, String user, String password) {
        this.events = URI.create(url.replaceAll("/+$", "") + "/api/events");
        this.authorization = user == null ? null : "Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + (password == null ? "" : password)).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void send(List<Spool.Entry> batch, Refusals refused) throws IOException, InterruptedException {
        List<Spool.Entry> left = new ArrayList<>(batch);
        while (!left.isEmpty()) {
            HttpRequest.Builder request = HttpRequest.newBuilder(events).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", ContentTypes.BATCH)
                    .POST(HttpRequest.BodyPublishers.ofString(left.stream().map(Spool.Entry::cloudEvent)
                            .collect(Collectors.joining(",", "[", "]"))));
            if (authorization != null) {
                request.header("Authorization", authorization);
            }
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 202) {
                return;
            }
            if (response.statusCode() != 400) {
                throw new IOException(events + " answered " + response.statusCode() + ": " + response.body());
            }
            JsonNode rejected = JSON.readTree(response.body()).path("rejected");
            if (rejected.isEmpty()) {
                throw new IOException(events + " answered 400: " + response.body());
            }
            List<Spool.Entry> refusedNow = new ArrayList<>();
            for (JsonNode r : rejected) {
                Spool.Entry entry = left.get(r.path("index").asInt());
                refused.refused(entry, r.path("reason").asString() + ": " + r.path("error").asString());
                refusedNow.add(entry);
            }
            left.removeAll(refusedNow);
        }
    }

    @Override
    public void close() {
        // Java 17's HttpClient holds nothing that needs closing
    }
}
