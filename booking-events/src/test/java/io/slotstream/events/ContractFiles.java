package io.slotstream.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.kafka.common.serialization.Serde;

/**
 * The documented contract as files: the JSON Schemas and golden examples in {@code docs/events} at the top of
 * the repository, read in place (never copied) so that the docs and the code cannot drift apart unnoticed.
 */
final class ContractFiles {

    /** Jackson 2, as the schema validator wants it; the contract itself is read with {@link EventJson#MAPPER}. */
    static final ObjectMapper JSON = new ObjectMapper();

    private static final JsonSchemaFactory SCHEMAS = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);

    /** Formats (uuid, date-time) are only annotations in draft 2020-12 unless asserted; the contract asserts them. */
    private static final SchemaValidatorsConfig ASSERT_FORMATS =
            SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();

    private ContractFiles() {}

    /** One golden example: {@code examples/<topic>/<type>.json}. */
    record Golden(String topic, String type, Path file) {

        String id() {
            return topic + "/" + type;
        }

        byte[] bytes() {
            return read(file);
        }

        JsonNode json() {
            return parse(bytes());
        }

        @Override
        public String toString() {
            return id();
        }
    }

    static Path docs() {
        Path start = Paths.get(System.getProperty("basedir", System.getProperty("user.dir")))
                .toAbsolutePath()
                .normalize();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("docs").resolve("events");
            if (Files.isDirectory(candidate.resolve("schemas")) && Files.isDirectory(candidate.resolve("examples"))) {
                return dir.resolve("docs");
            }
        }
        throw new IllegalStateException("no docs/events/{schemas,examples} above " + start);
    }

    static Path events() {
        return docs().resolve("events");
    }

    static Path examples() {
        return events().resolve("examples");
    }

    static Path schemaFile(String type) {
        return events().resolve("schemas").resolve(type + ".schema.json");
    }

    static List<String> topics() {
        return List.of(TopicNames.BOOKING_COMMANDS, TopicNames.BOOKING_EVENTS, TopicNames.SLOT_AVAILABILITY);
    }

    static List<Golden> goldens() {
        try (Stream<Path> files = Files.walk(examples())) {
            return files.filter(Files::isRegularFile)
                    .map(file -> {
                        Path relative = examples().relativize(file);
                        if (relative.getNameCount() != 2 || !relative.toString().endsWith(".json")) {
                            throw new IllegalStateException("not examples/<topic>/<type>.json: " + relative);
                        }
                        String name = relative.getFileName().toString();
                        return new Golden(
                                relative.getName(0).toString(), name.substring(0, name.length() - 5), file);
                    })
                    .sorted(java.util.Comparator.comparing(Golden::id))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<String> schemaTypes() {
        try (Stream<Path> files = Files.list(events().resolve("schemas"))) {
            return files.map(file -> file.getFileName().toString())
                    .filter(name -> name.endsWith(".schema.json"))
                    .map(name -> name.substring(0, name.length() - ".schema.json".length()))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The value serde of a topic, taken from the typed registry as every service takes it. */
    @SuppressWarnings("unchecked")
    static Serde<SlotMessage> valueSerde(String topic) {
        Topics topics = Topics.defaults();
        Map<String, Serde<? extends SlotMessage>> byName = Map.of(
                topics.bookingCommands().name(), topics.bookingCommands().valueSerde(),
                topics.bookingEvents().name(), topics.bookingEvents().valueSerde(),
                topics.slotAvailability().name(), topics.slotAvailability().valueSerde());
        Serde<? extends SlotMessage> serde = byName.get(topic);
        if (serde == null) {
            throw new IllegalArgumentException("no such topic in Topics.defaults(): " + topic);
        }
        return (Serde<SlotMessage>) serde;
    }

    /** The key serde of a topic, from the typed registry. */
    static Serde<String> keySerde(String topic) {
        Topics topics = Topics.defaults();
        return Stream.of(topics.bookingCommands(), topics.bookingEvents(), topics.slotAvailability())
                .filter(candidate -> candidate.name().equals(topic))
                .map(Topic::keySerde)
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no such topic in Topics.defaults(): " + topic));
    }

    static JsonNode schemaJson(String type) {
        return parse(read(schemaFile(type)));
    }

    static JsonSchema schema(String type) {
        return SCHEMAS.getSchema(schemaJson(type), ASSERT_FORMATS);
    }

    static Set<ValidationMessage> validate(String type, JsonNode document) {
        return schema(type).validate(document);
    }

    static JsonNode parse(byte[] json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
