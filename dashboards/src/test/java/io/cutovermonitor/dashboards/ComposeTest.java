package io.cutovermonitor.dashboards;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

/**
 * docker-compose.yml and the Grafana provisioning fit together: every service has a health check, the mounts
 * point at files that exist, Grafana's provider reads where the dashboards are mounted, its data source is the
 * compose Prometheus. Where a Compose implementation is installed, it validates the file too.
 */
class ComposeTest {

    private static final Path ROOT = Repo.root();
    private static final JsonNode COMPOSE = PrometheusRulesTest.YAML.readTree(Repo.read(ROOT.resolve("docker-compose.yml")));

    @Test
    void everyServiceIsThereWithAHealthCheck() {
        JsonNode services = COMPOSE.path("services");
        assertThat(services.propertyNames()).containsExactlyInAnyOrder("kafka", "postgres", "monitor-service",
                "prometheus", "alertmanager", "grafana");
        for (String name : services.propertyNames()) {
            JsonNode test = services.path(name).path("healthcheck").path("test");
            assertThat(test.isArray() && test.size() > 1).as(name + " health check").isTrue();
            for (JsonNode port : services.path(name).path("ports")) {
                assertThat(port.asString()).as(name + " publishes on loopback only").startsWith("127.0.0.1:");
            }
        }
        assertThat(services.path("kafka").path("image").asString()).startsWith("apache/kafka:4.");
        assertThat(services.path("kafka").path("environment").path("KAFKA_PROCESS_ROLES").asString())
                .isEqualTo("broker,controller");
        assertThat(services.path("postgres").path("image").asString()).isEqualTo("postgres:16");
    }

    @Test
    void theMonitorIsBuiltFromTheRepositoryAndUsesKafkaAndPostgres() {
        JsonNode monitor = COMPOSE.path("services").path("monitor-service");
        Path dockerfile = ROOT.resolve(monitor.path("build").path("context").asString())
                .resolve(monitor.path("build").path("dockerfile").asString());
        assertThat(dockerfile).exists();
        String text = Repo.read(dockerfile);
        assertThat(text).contains("AS build").containsPattern("FROM eclipse-temurin:(17|21)-jre");
        JsonNode env = monitor.path("environment");
        assertThat(env.path("SPRING_KAFKA_BOOTSTRAP_SERVERS").asString()).isEqualTo("kafka:9092");
        assertThat(env.path("SPRING_DATASOURCE_URL").asString()).isEqualTo("jdbc:postgresql://postgres:5432/cutover");
        assertThat(monitor.path("depends_on").path("kafka").path("condition").asString()).isEqualTo("service_healthy");
        assertThat(monitor.path("depends_on").path("postgres").path("condition").asString())
                .isEqualTo("service_healthy");
    }

    @Test
    void prometheusAlertmanagerAndGrafanaMountTheFilesOfThisRepository() {
        JsonNode services = COMPOSE.path("services");
        assertThat(mountSource("prometheus", "/etc/prometheus/cutover")).isEqualTo(ROOT.resolve("dashboards/prometheus"));
        assertThat(String.join(" ", args("prometheus")))
                .contains("--config.file=/etc/prometheus/cutover/prometheus.compose.yml");
        assertThat(ROOT.resolve("dashboards/prometheus/prometheus.compose.yml")).exists();
        assertThat(mountSource("alertmanager", "/etc/alertmanager/cutover"))
                .isEqualTo(ROOT.resolve("dashboards/alertmanager"));
        assertThat(String.join(" ", args("alertmanager")))
                .contains("--config.file=/etc/alertmanager/cutover/alertmanager.yml");
        assertThat(mountSource("grafana", "/etc/grafana/provisioning"))
                .isEqualTo(ROOT.resolve("dashboards/grafana/provisioning"));

        JsonNode provider = PrometheusRulesTest.YAML.readTree(Repo.read(
                ROOT.resolve("dashboards/grafana/provisioning/dashboards/cutover-monitor.yaml"))).path("providers").get(0);
        String providerPath = provider.path("options").path("path").asString();
        assertThat(mountSource("grafana", providerPath)).as("the provider reads where the dashboards are mounted")
                .isEqualTo(ROOT.resolve("dashboards/grafana/dashboards"));
        assertThat(provider.path("type").asString()).isEqualTo("file");
        assertThat(services.path("grafana").path("environment").path("GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH")
                .asString()).startsWith(providerPath + "/").endsWith(".json");

        JsonNode ds = PrometheusRulesTest.YAML.readTree(Repo.read(
                ROOT.resolve("dashboards/grafana/provisioning/datasources/prometheus.yaml"))).path("datasources").get(0);
        assertThat(ds.path("type").asString()).isEqualTo("prometheus");
        assertThat(ds.path("url").asString()).isEqualTo("http://prometheus:9090");
        assertThat(ds.path("isDefault").asBoolean()).as("the ${datasource} variable defaults to it").isTrue();
    }

    @Test
    void composeValidatesTheFileWhereItIsInstalled() {
        List<List<String>> candidates = List.of(List.of("docker", "compose"), List.of("docker-compose"));
        for (List<String> compose : candidates) {
            if (!onPath(compose.get(0))) {
                continue;
            }
            List<String> version = new ArrayList<>(compose);
            version.add("version");
            if (Repo.run(ROOT, 60, version.toArray(String[]::new)).exit() != 0) {
                continue;
            }
            List<String> check = new ArrayList<>(compose);
            check.addAll(List.of("-f", "docker-compose.yml", "config", "-q"));
            Repo.Result r = Repo.run(ROOT, 60, check.toArray(String[]::new));
            assertThat(r.exit()).as(String.join(" ", check) + "\n" + r.output()).isZero();
            return;
        }
        // No Compose here (CI's machines have none): the structural checks above still ran.
        System.out.println("ComposeTest: neither `docker compose` nor `docker-compose` is installed; "
                + "docker-compose.yml checked structurally only");
    }

    private static Path mountSource(String service, String target) {
        for (JsonNode v : COMPOSE.path("services").path(service).path("volumes")) {
            String[] parts = v.asString().split(":");
            if (parts.length >= 2 && parts[1].equals(target)) {
                assertThat(parts[0]).startsWith("./");
                Path source = ROOT.resolve(parts[0]).normalize();
                assertThat(Files.exists(source)).as(v.asString()).isTrue();
                return source;
            }
        }
        throw new AssertionError(service + " mounts nothing at " + target);
    }

    private static List<String> args(String service) {
        List<String> out = new ArrayList<>();
        COMPOSE.path("services").path(service).path("command").forEach(c -> out.add(c.asString()));
        return out;
    }

    private static boolean onPath(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, name))) {
                return true;
            }
        }
        return false;
    }
}
