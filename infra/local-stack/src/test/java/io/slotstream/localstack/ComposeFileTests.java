package io.slotstream.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import io.slotstream.events.TopicLayout;
import io.slotstream.events.TopicNames;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * docker-compose.yml cannot be run here (no Docker engine), so what can be checked without one is checked: the
 * topics it creates are the ones TopicLayout lays out, every image it builds has its Dockerfile, the start order
 * rests on healthchecks, and every variable it requires is in .env.example.
 */
class ComposeFileTests {

    static final Path CHECKOUT = LocalStack.checkout();
    static String text;
    static Map<String, Map<String, Object>> services;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void read() throws IOException {
        text = Files.readString(CHECKOUT.resolve("docker-compose.yml"));
        Map<String, Object> compose = new Yaml().load(text);
        services = (Map<String, Map<String, Object>>) compose.get("services");
    }

    @Test
    @SuppressWarnings("unchecked")
    void theTopicJobCreatesEveryTopicAsTopicLayoutLaysItOut() {
        String script = String.join("\n", (List<String>) services.get("kafka-topics").get("command"));
        for (NewTopic topic : TopicLayout.newTopics(TopicNames.defaults(), 4, (short) 1)) {
            String line = script.lines().filter(l -> l.contains("--create") && l.contains("--topic " + topic.name() + " "))
                    .findFirst().orElse("") + " ";
            assertThat(line).as(topic.name()).contains("--topic " + topic.name());
            topic.configs().forEach((key, value) -> assertThat(line).as(topic.name()).contains("--config " + key + "=" + value + " "));
        }
        assertThat(script).contains("$$common", "--partitions $$PARTITIONS", "--if-not-exists");
        Map<String, Object> environment = (Map<String, Object>) services.get("kafka-topics").get("environment");
        assertThat(environment.get("PARTITIONS")).isEqualTo("${SLOTSTREAM_TOPIC_PARTITIONS:-4}");
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyBuiltImageHasItsDockerfileAndEveryServiceWaitsOnHealth() {
        assertThat(services).containsKeys("kafka", "kafka-topics", "postgres", "redis", "stream-processor", "booking-api",
                "push-service", "nginx");
        services.forEach((name, service) -> {
            if (service.get("build") instanceof Map<?, ?> build) {
                assertThat(CHECKOUT.resolve((String) build.get("dockerfile"))).as(name).isRegularFile();
            }
            if (!name.equals("kafka-topics")) {
                assertThat(service).as(name + " healthcheck").containsKey("healthcheck");
            }
            if (service.get("depends_on") instanceof Map<?, ?> dependencies) {
                dependencies.values().forEach(d -> assertThat(((Map<String, String>) d).get("condition")).as(name)
                        .isIn("service_healthy", "service_completed_successfully"));
            }
        });
        assertThat(((Map<String, Object>) services.get("booking-api").get("deploy"))).containsKey("replicas");
        assertThat(((Map<String, Object>) services.get("push-service").get("deploy"))).containsKey("replicas");
        // only nginx is published
        services.forEach((name, service) -> assertThat(service.containsKey("ports")).as(name).isEqualTo(name.equals("nginx")));
    }

    @Test
    void everyVariableTheFileRequiresIsInTheExampleAndNoSecretIsCommitted() throws IOException {
        String example = Files.readString(CHECKOUT.resolve(".env.example"));
        Set<String> required = new TreeSet<>();
        Matcher matcher = Pattern.compile("\\$\\{([A-Z0-9_]+):\\?").matcher(text);
        while (matcher.find()) {
            required.add(matcher.group(1));
        }
        assertThat(required).contains("SLOTSTREAM_DB_PASSWORD", "SLOTSTREAM_ADMIN_PASSWORD");
        assertThat(required).allSatisfy(name -> assertThat(example).contains("\n" + name + "="));
        assertThat(example.lines().filter(l -> l.matches("^[A-Z_]*(PASSWORD|SECRET)=.+"))).isEmpty();
        assertThat(Files.readString(CHECKOUT.resolve(".gitignore")).lines()).contains(".env");
    }
}
