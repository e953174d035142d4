package io.slotstream.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * docs/asyncapi.yaml tells the same story as the code: its channels are the topics of {@link TopicNames} with
 * the layout of {@link TopicLayout}, each channel carries exactly the records of its topic, and every message
 * points at an existing schema.
 */
class AsyncApiDocumentTests {

    private static JsonNode asyncApi;

    private static final Map<String, Class<?>> ROOTS = Map.of(
            TopicNames.BOOKING_COMMANDS, BookingCommand.class,
            TopicNames.BOOKING_EVENTS, BookingEvent.class,
            TopicNames.SLOT_AVAILABILITY, SlotAvailability.class);

    @BeforeAll
    static void readTheDocument() throws IOException {
        asyncApi = new YAMLMapper().readTree(ContractFiles.docs().resolve("asyncapi.yaml").toFile());
    }

    @Test
    void itIsAnAsyncApi3DocumentWithAKafkaAndALocalServer() {
        assertThat(asyncApi.path("asyncapi").asText()).isEqualTo("3.0.0");
        assertThat(asyncApi.path("servers").path("kafka").path("protocol").asText()).isEqualTo("kafka");
        assertThat(asyncApi.path("servers").path("local").path("protocol").asText()).isEqualTo("kafka");
    }

    @Test
    void itsChannelsAreTheTopicsWithTheirLayout() {
        Map<String, NewTopic> layout = new java.util.HashMap<>();
        TopicLayout.newTopics(TopicNames.defaults(), 4, (short) 1).forEach(topic -> layout.put(topic.name(), topic));
        List<String> addresses = new ArrayList<>();

        asyncApi.path("channels").forEach(channel -> {
            String address = channel.path("address").asText();
            addresses.add(address);
            JsonNode kafka = channel.path("bindings").path("kafka");
            Map<String, String> configs = layout.get(address).configs();
            assertThat(kafka.path("topic").asText()).isEqualTo(address);
            assertThat(kafka.path("topicConfiguration").path("cleanup.policy").get(0).asText())
                    .as(address).isEqualTo(configs.get(TopicConfig.CLEANUP_POLICY_CONFIG));
            if (configs.containsKey(TopicConfig.RETENTION_MS_CONFIG)) {
                assertThat(kafka.path("topicConfiguration").path("retention.ms").asText())
                        .as(address).isEqualTo(configs.get(TopicConfig.RETENTION_MS_CONFIG));
            }
        });

        assertThat(addresses).containsExactlyInAnyOrderElementsOf(layout.keySet());
    }

    @Test
    void eachChannelCarriesExactlyTheRecordsOfItsTopic() {
        asyncApi.path("channels").forEach(channel -> {
            String address = channel.path("address").asText();
            List<String> messages = new ArrayList<>();
            channel.path("messages").fieldNames().forEachRemaining(messages::add);

            assertThat(messages).as(address).containsExactlyInAnyOrderElementsOf(
                    ContractCoverageTests.leaves(ROOTS.get(address)).stream()
                            .map(Class::getSimpleName)
                            .toList());
        });
    }

    @Test
    void everyMessagePointsAtTheSchemaOfItsTypeAndIsKeyedBySlotId() {
        JsonNode messages = asyncApi.path("components").path("messages");
        List<String> names = new ArrayList<>();

        messages.fields().forEachRemaining(entry -> {
            String type = entry.getKey();
            JsonNode message = entry.getValue();
            names.add(type);
            String ref = message.path("payload").path("schema").path("$ref").asText();
            Path schema = ContractFiles.docs().resolve(ref).normalize();

            assertThat(message.path("name").asText()).isEqualTo(type);
            assertThat(schema).as(ref).isEqualTo(ContractFiles.schemaFile(type).normalize()).isRegularFile();
            assertThat(message.path("traits").get(0).path("$ref").asText())
                    .isEqualTo("#/components/messageTraits/keyedBySlot");
        });

        assertThat(names).containsExactlyInAnyOrderElementsOf(ContractFiles.schemaTypes());
        assertThat(asyncApi.at("/components/messageTraits/keyedBySlot/bindings/kafka/key/format").asText())
                .isEqualTo("uuid");
    }

    @Test
    void everyOperationSendsOrReceivesMessagesOfItsOwnChannel() {
        List<String> sent = new ArrayList<>();
        List<String> received = new ArrayList<>();

        asyncApi.path("operations").forEach(operation -> {
            String channelRef = operation.path("channel").path("$ref").asText();
            JsonNode channel = asyncApi.at(channelRef.substring(1));
            assertThat(channel.isMissingNode()).as(channelRef).isFalse();
            operation.path("messages").forEach(message -> {
                String ref = message.path("$ref").asText();
                assertThat(ref).startsWith(channelRef + "/messages/");
                assertThat(asyncApi.at(ref.substring(1)).isMissingNode()).as(ref).isFalse();
            });
            String address = channel.path("address").asText();
            (operation.path("action").asText().equals("send") ? sent : received).add(address);
        });

        assertThat(sent).containsExactlyInAnyOrderElementsOf(ROOTS.keySet());
        assertThat(received).containsExactlyInAnyOrderElementsOf(ROOTS.keySet());
    }
}
