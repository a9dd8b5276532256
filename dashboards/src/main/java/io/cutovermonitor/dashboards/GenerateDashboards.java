package io.cutovermonitor.dashboards;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import tools.jackson.databind.node.ObjectNode;

/**
 * Writes the dashboards to a folder (default {@code grafana/dashboards}, relative to the dashboards module).
 * The build regenerates them with {@code ./mvnw -B -pl dashboards verify -Ddashboards.regenerate=true};
 * without that flag DashboardsTest fails when the committed files differ from what this generates.
 */
public final class GenerateDashboards {

    private GenerateDashboards() {
    }

    public static void main(String[] args) throws IOException {
        Path folder = Path.of(args.length > 0 ? args[0] : "grafana/dashboards");
        for (Path written : write(folder)) {
            System.out.println("wrote " + written);
        }
    }

    static java.util.List<Path> write(Path folder) throws IOException {
        Files.createDirectories(folder);
        java.util.List<Path> written = new java.util.ArrayList<>();
        for (Map.Entry<String, ObjectNode> e : CutoverDashboards.all().entrySet()) {
            Path file = folder.resolve(e.getKey());
            Files.writeString(file, Grafana.render(e.getValue()), StandardCharsets.UTF_8);
            written.add(file);
        }
        return written;
    }
}
