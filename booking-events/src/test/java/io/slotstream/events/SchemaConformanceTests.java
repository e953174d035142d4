package io.slotstream.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import io.slotstream.events.ContractFiles.Golden;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The JSON Schemas in docs/events/schemas describe what the Java records really write and read: the golden
 * examples and freshly serialized records conform, and a document the schema refuses is really refused.
 */
class SchemaConformanceTests {

    static List<Golden> goldens() {
        return ContractFiles.goldens();
    }

    static List<String> schemaTypes() {
        return ContractFiles.schemaTypes();
    }

    /** At least one record of every type, and every reason code, written by the topic's serde. */
    static Stream<Arguments> serializedRecords() {
        Instant at = Instant.parse("2026-12-01T08:15:30Z");
        UUID slot = UUID.randomUUID();
        List<Arguments> records = new ArrayList<>();
        GoldenRecords.byGoldenId().forEach((id, record) -> records.add(Arguments.of(id.split("/")[0], record)));
        for (RejectionReason reason : RejectionReason.values()) {
            records.add(Arguments.of(TopicNames.BOOKING_EVENTS, new BookingRejected(
                    UUID.randomUUID(), at, slot, UUID.randomUUID(), UUID.randomUUID(), reason, null)));
        }
        for (CancellationReason reason : CancellationReason.values()) {
            records.add(Arguments.of(TopicNames.BOOKING_EVENTS, new BookingCancelled(
                    UUID.randomUUID(), at, slot, UUID.randomUUID(), UUID.randomUUID(), reason)));
        }
        records.add(Arguments.of(TopicNames.SLOT_AVAILABILITY, new SlotAvailability(
                UUID.randomUUID(), at, slot, 7, at.plusSeconds(86_400), 5, 0, 0, false)));
        // a plain request writes its optional fields as false and null, which the schema allows
        records.add(Arguments.of(TopicNames.BOOKING_COMMANDS, new BookingRequested(
                UUID.randomUUID(), at, slot, UUID.randomUUID(), UUID.randomUUID())));
        records.add(Arguments.of(TopicNames.BOOKING_EVENTS, new BookingHeld(
                UUID.randomUUID(), at, slot, UUID.randomUUID(), UUID.randomUUID(), at.plusSeconds(300), true)));
        records.add(Arguments.of(TopicNames.SLOT_AVAILABILITY, new SlotAvailability(
                UUID.randomUUID(), at, slot, 7, at.plusSeconds(86_400), 5, 4, 1, true, 3, 6)));
        records.add(Arguments.of(TopicNames.BOOKING_COMMANDS, new SlotOpened(
                UUID.randomUUID(), at, slot, Long.MAX_VALUE, at.plusNanos(1), at.plusSeconds(1800), 40)));
        return records.stream();
    }

    /** Every required field of every golden example, one at a time. */
    static Stream<Arguments> requiredFields() {
        return goldens().stream().flatMap(golden -> required(golden.type()).stream()
                .map(field -> Arguments.of(golden, field)));
    }

    /** Every field of every golden example, one at a time. */
    static Stream<Arguments> fields() {
        return goldens().stream().flatMap(golden -> {
            List<String> names = new ArrayList<>();
            golden.json().fieldNames().forEachRemaining(names::add);
            return names.stream().map(field -> Arguments.of(golden, field));
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("schemaTypes")
    void everySchemaIsAValidDraft202012SchemaWithIdTitleAndDescription(String type) {
        JsonNode schema = ContractFiles.schemaJson(type);
        var metaSchema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                .getSchema(SchemaLocation.of("https://json-schema.org/draft/2020-12/schema"));

        assertThat(metaSchema.validate(schema)).isEmpty();
        assertThat(schema.path("$schema").asText()).isEqualTo("https://json-schema.org/draft/2020-12/schema");
        assertThat(schema.path("$id").asText()).endsWith("/" + type + ".schema.json");
        assertThat(schema.path("title").asText()).isEqualTo(type);
        assertThat(schema.path("description").asText()).hasSizeGreaterThan(80);
        assertThat(schema.path("additionalProperties").asBoolean(false)).isTrue();
        assertThat(schema.path("properties").path("type").path("const").asText()).isEqualTo(type);
        schema.path("properties").forEach(property -> assertThat(property.path("description").asText())
                .as("every property is described").isNotBlank());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goldens")
    void everyGoldenExampleConformsToItsSchema(Golden golden) {
        assertThat(ContractFiles.validate(golden.type(), golden.json())).isEmpty();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("serializedRecords")
    void everySerializedRecordConformsToItsSchema(String topic, SlotMessage record) {
        byte[] json = ContractFiles.valueSerde(topic).serializer().serialize(topic, record);

        assertThat(ContractFiles.validate(record.getClass().getSimpleName(), ContractFiles.parse(json)))
                .isEmpty();
    }

    @ParameterizedTest(name = "{0} without {1}")
    @MethodSource("requiredFields")
    void aDocumentMissingARequiredFieldFailsValidation(Golden golden, String field) {
        ObjectNode document = (ObjectNode) golden.json();
        document.remove(field);

        assertThat(ContractFiles.validate(golden.type(), document))
                .extracting(message -> message.getType())
                .contains("required");
    }

    @ParameterizedTest(name = "{0} without {1}")
    @MethodSource("fields")
    void theSchemaRequiresExactlyTheFieldsTheJavaReaderRequires(Golden golden, String field) {
        ObjectNode document = (ObjectNode) golden.json();
        document.remove(field);
        byte[] json = document.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        var deserializer = ContractFiles.valueSerde(golden.topic()).deserializer();

        if (requiredIn(golden, field)) {
            assertThatThrownBy(() -> deserializer.deserialize(golden.topic(), json))
                    .isInstanceOf(SerializationException.class);
        } else {
            assertThat(deserializer.deserialize(golden.topic(), json)).isNotNull();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goldens")
    void theSchemaDocumentsEveryFieldTheRecordWritesAndNoOther(Golden golden) {
        Set<String> written = new HashSet<>();
        golden.json().fieldNames().forEachRemaining(written::add);
        Set<String> documented = new HashSet<>();
        ContractFiles.schemaJson(golden.type()).path("properties").fieldNames().forEachRemaining(documented::add);

        assertThat(documented).isEqualTo(written);
    }

    @Test
    void theReasonEnumsOfTheSchemasAreTheJavaEnums() {
        assertThat(enumOf("BookingRejected", "reason"))
                .containsExactlyElementsOf(Arrays.stream(RejectionReason.values()).map(Enum::name).toList());
        assertThat(enumOf("BookingCancelled", "reason"))
                .containsExactlyElementsOf(Arrays.stream(CancellationReason.values()).map(Enum::name).toList());
    }

    @Test
    void aMalformedUuidOrInstantOrUnknownReasonFailsValidation() {
        ObjectNode badId = (ObjectNode) golden("booking-events/BookingRejected").json();
        badId.put("bookingId", "booking-42");
        ObjectNode badInstant = (ObjectNode) golden("booking-events/BookingRejected").json();
        badInstant.put("occurredAt", "yesterday at noon");
        ObjectNode badReason = (ObjectNode) golden("booking-events/BookingRejected").json();
        badReason.put("reason", "FULL");
        ObjectNode badCategory = (ObjectNode) golden("slot-availability/SlotAvailability").json();
        badCategory.put("categoryId", "3");

        assertThat(ContractFiles.validate("BookingRejected", badId)).isNotEmpty();
        assertThat(ContractFiles.validate("BookingRejected", badInstant)).isNotEmpty();
        assertThat(ContractFiles.validate("BookingRejected", badReason)).isNotEmpty();
        assertThat(ContractFiles.validate("SlotAvailability", badCategory)).isNotEmpty();
    }

    @Test
    void aWaitlistPositionOrDailyLimitBelowOneOrAMalformedDayFailsValidation() {
        ObjectNode badPosition = (ObjectNode) golden("booking-events/BookingWaitlisted").json();
        badPosition.put("position", 0);
        ObjectNode badLimit = (ObjectNode) golden("booking-commands/BookingRequested").json();
        badLimit.put("dailyLimit", 0);
        ObjectNode badDay = (ObjectNode) golden("booking-commands/BookingRequested").json();
        badDay.put("day", "1st of December");

        assertThat(ContractFiles.validate("BookingWaitlisted", badPosition)).isNotEmpty();
        assertThat(ContractFiles.validate("BookingRequested", badLimit)).isNotEmpty();
        assertThat(ContractFiles.validate("BookingRequested", badDay)).isNotEmpty();
    }

    @Test
    void aDailyLimitWithoutItsCategoryOrDayFailsValidation() {
        ObjectNode withoutCategory = (ObjectNode) golden("booking-commands/BookingRequested").json();
        withoutCategory.remove("categoryId");
        ObjectNode withoutDay = (ObjectNode) golden("booking-commands/BookingRequested").json();
        withoutDay.remove("day");
        ObjectNode unlimited = (ObjectNode) golden("booking-commands/BookingRequested").json();
        unlimited.remove(List.of("dailyLimit", "categoryId", "day"));

        assertThat(ContractFiles.validate("BookingRequested", withoutCategory)).isNotEmpty();
        assertThat(ContractFiles.validate("BookingRequested", withoutDay)).isNotEmpty();
        assertThat(ContractFiles.validate("BookingRequested", unlimited)).isEmpty();
    }

    @Test
    void aDocumentWithAnotherTypeFailsValidation() {
        ObjectNode confirmed = (ObjectNode) golden("booking-events/BookingConfirmed").json();

        assertThat(ContractFiles.validate("BookingRequested", confirmed)).isNotEmpty();
    }

    @Test
    void anAddedOptionalFieldStillConforms() {
        ObjectNode document = (ObjectNode) golden("booking-events/BookingConfirmed").json();
        document.put("channel", "mobile");

        assertThat(ContractFiles.validate("BookingConfirmed", document)).isEmpty();
    }

    private static Golden golden(String id) {
        return goldens().stream().filter(g -> g.id().equals(id)).findFirst().orElseThrow();
    }

    /** Required outright, or required by another field of the golden example ({@code dependentRequired}). */
    private static boolean requiredIn(Golden golden, String field) {
        if (required(golden.type()).contains(field)) {
            return true;
        }
        JsonNode dependents = ContractFiles.schemaJson(golden.type()).path("dependentRequired");
        List<String> present = new ArrayList<>();
        golden.json().fieldNames().forEachRemaining(present::add);
        return present.stream().anyMatch(name -> {
            List<String> needed = new ArrayList<>();
            dependents.path(name).forEach(value -> needed.add(value.asText()));
            return needed.contains(field);
        });
    }

    private static Set<String> required(String type) {
        Set<String> required = new HashSet<>();
        ContractFiles.schemaJson(type).path("required").forEach(field -> required.add(field.asText()));
        return required;
    }

    private static List<String> enumOf(String type, String property) {
        List<String> values = new ArrayList<>();
        ContractFiles.schemaJson(type).path("properties").path(property).path("enum")
                .forEach(value -> values.add(value.asText()));
        return values;
    }
}
