package io.cutovermonitor.dashboards;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;

/** The committed dashboard files, parsed, and the PromQL they run. */
final class DashboardJson {

    record Query(String dashboard, String where, String expr) {
    }

    private DashboardJson() {
    }

    static Path folder() {
        return Repo.module().resolve("grafana/dashboards");
    }

    static Map<String, JsonNode> committed() {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        for (Path file : Repo.files(folder(), ".json")) {
            out.put(file.getFileName().toString(), Grafana.JSON.readTree(Repo.read(file)));
        }
        return out;
    }

    /** Every PromQL expression: panel targets and annotation queries. */
    static List<Query> queries() {
        List<Query> out = new ArrayList<>();
        committed().forEach((file, d) -> {
            for (JsonNode panel : d.path("panels")) {
                for (JsonNode target : panel.path("targets")) {
                    out.add(new Query(file, "panel \"" + panel.path("title").asString() + "\" "
                            + target.path("refId").asString(), target.path("expr").asString()));
                }
            }
            for (JsonNode a : d.path("annotations").path("list")) {
                if (a.has("expr")) {
                    out.add(new Query(file, "annotation \"" + a.path("name").asString() + "\"",
                            a.path("expr").asString()));
                }
            }
        });
        return out;
    }
}
