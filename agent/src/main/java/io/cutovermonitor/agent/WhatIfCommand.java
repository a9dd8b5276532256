package io.cutovermonitor.agent;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Base64;
import java.util.concurrent.Callable;

/**
 * {@code what-if}: asks the monitor what a draft plan file would have raised over a migration's recorded events
 * ({@code POST /api/migrations/{id}/what-if}) and prints the differences. Exit status 0 when the draft changes
 * nothing, 1 when it does, 2 when the question could not be asked. An OPERATOR account in CUTOVER_AGENT_USER and
 * CUTOVER_AGENT_PASSWORD.
 */
@Command(name = "what-if", description = "What a draft plan would have raised over a migration's recorded events.")
final class WhatIfCommand implements Callable<Integer> {

    @Option(names = "--migration", required = true)
    String migration;

    @Option(names = "--plan", required = true, description = "the draft plan file (YAML or JSON)")
    Path plan;

    @Option(names = "--url", required = true, description = "the monitor's base URL")
    String url;

    @Option(names = "--from", description = "compare from this instant on (ISO-8601)")
    String from;

    @Option(names = "--to", description = "compare up to this instant (ISO-8601)")
    String to;

    @Option(names = "--phase", description = "compare over the phase of this name only, e.g. rehearsal-2")
    String phase;

    @Override
    public Integer call() throws Exception {
        List<String> params = new ArrayList<>();
        for (String[] param : new String[][] {{"from", from}, {"to", to}, {"phase", phase}}) {
            if (param[1] != null) {
                params.add(param[0] + "=" + URLEncoder.encode(param[1], StandardCharsets.UTF_8));
            }
        }
        String query = String.join("&", params);
        URI uri = URI.create(url.replaceAll("/+$", "") + "/api/migrations/"
                + URLEncoder.encode(migration, StandardCharsets.UTF_8).replace("+", "%20") + "/what-if"
                + (query.isEmpty() ? "" : "?" + query));
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(2))
                .header("Content-Type", plan.toString().endsWith(".json") ? "application/json" : "application/yaml")
                .POST(HttpRequest.BodyPublishers.ofString(Files.readString(plan)));
        String user = System.getenv("CUTOVER_AGENT_USER");
        if (user != null) {
            request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":"
                    + System.getenv().getOrDefault("CUTOVER_AGENT_PASSWORD", "")).getBytes(StandardCharsets.UTF_8)));
        }
        HttpResponse<String> response = HttpClient.newHttpClient().send(request.build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            System.err.println("cutover-agent: " + uri + " answered " + response.statusCode() + ": " + response.body());
            return 2;
        }
        JsonNode answer = JsonMapper.builder().build().readTree(response.body());
        print(answer, System.out);
        return answer.path("same").asBoolean() ? 0 : 1;
    }

    static void print(JsonNode answer, PrintStream out) {
        JsonNode d = answer.path("differences");
        int count = d.path("onlyUnderDraft").size() + d.path("onlyOnRecord").size() + d.path("atAnotherTime").size();
        out.printf("what-if %s under %s (%d events, replayed in %d ms): %s%n", answer.path("migrationId").asString(),
                answer.path("plan").asString(), answer.path("events").asInt(), answer.path("replayMillis").asLong(),
                count == 0 ? "no difference" : count + " difference(s)");
        d.path("onlyUnderDraft").forEach(t -> out.printf("  only under the draft: %s %s at %s: %s%n",
                t.path("rule").asString(), t.path("state").asString(), t.path("at").asString(),
                t.path("summary").asString()));
        d.path("onlyOnRecord").forEach(t -> out.printf("  only on record:       %s %s at %s: %s%n",
                t.path("rule").asString(), t.path("state").asString(), t.path("at").asString(),
                t.path("summary").asString()));
        d.path("atAnotherTime").forEach(t -> out.printf("  at another time:      %s %s on record at %s, under the draft at %s%n",
                t.path("rule").asString(), t.path("state").asString(), t.path("onRecord").asString(),
                t.path("underDraft").asString()));
    }
}
