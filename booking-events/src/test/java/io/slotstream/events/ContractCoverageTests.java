package io.slotstream.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every record that can travel on a topic is documented: it has a JSON Schema and a golden example on each
 * topic it travels on. Adding a command or an event without documenting it fails here.
 */
class ContractCoverageTests {

    /** The sealed roots of each topic's values. */
    private static final Map<String, Class<?>> ROOTS = Map.of(
            TopicNames.BOOKING_COMMANDS, BookingCommand.class,
            TopicNames.BOOKING_EVENTS, BookingEvent.class,
            TopicNames.SLOT_AVAILABILITY, SlotAvailability.class);

    static Stream<Arguments> recordsByTopic() {
        return ROOTS.entrySet().stream().flatMap(root -> leaves(root.getValue()).stream()
                .map(leaf -> Arguments.of(root.getKey(), leaf.getSimpleName())));
    }

    @Test
    void theSealedHierarchiesListTheExpectedRecords() {
        assertThat(leaves(BookingCommand.class)).extracting(Class::getSimpleName).containsExactlyInAnyOrder(
                "SlotOpened", "SlotClosed", "BookingRequested", "BookingCancellationRequested",
                "HoldConfirmationRequested");
        assertThat(leaves(BookingEvent.class)).extracting(Class::getSimpleName).containsExactlyInAnyOrder(
                "SlotOpened", "SlotClosed", "BookingConfirmed", "BookingRejected", "BookingCancelled",
                "BookingHeld", "HoldExpired", "BookingWaitlisted", "WaitlistPositionChanged");
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("recordsByTopic")
    void everyRecordOfATopicHasASchema(String topic, String type) {
        assertThat(ContractFiles.schemaFile(type)).isRegularFile();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("recordsByTopic")
    void everyRecordOfATopicHasAGoldenExampleOnThatTopic(String topic, String type) {
        assertThat(ContractFiles.examples().resolve(topic).resolve(type + ".json")).isRegularFile();
    }

    @Test
    void everyGoldenExampleIsARecordOfItsTopicAndEverySchemaARecordOfSomeTopic() {
        List<String> documented = new ArrayList<>();
        recordsByTopic().forEach(arguments -> documented.add(arguments.get()[0] + "/" + arguments.get()[1]));

        assertThat(ContractFiles.goldens()).extracting(ContractFiles.Golden::id)
                .containsExactlyInAnyOrderElementsOf(documented);
        assertThat(ContractFiles.schemaTypes()).containsExactlyInAnyOrderElementsOf(
                documented.stream().map(id -> id.substring(id.indexOf('/') + 1)).distinct().toList());
    }

    @Test
    void everyPermittedRecordIsRegisteredAsAJsonSubtypeUnderItsSimpleName() {
        for (Class<?> root : List.of(BookingCommand.class, BookingEvent.class)) {
            List<String> registered = Arrays.stream(root.getAnnotation(JsonSubTypes.class).value())
                    .peek(subtype -> assertThat(subtype.name()).isEqualTo(subtype.value().getSimpleName()))
                    .map(subtype -> subtype.value().getSimpleName())
                    .toList();

            assertThat(registered).as(root.getSimpleName())
                    .containsExactlyInAnyOrderElementsOf(leaves(root).stream().map(Class::getSimpleName).toList());
        }
    }

    @Test
    void theDocsFolderIsFoundFromTheModule() {
        assertThat(Files.isRegularFile(ContractFiles.docs().resolve("events").resolve("README.md"))).isTrue();
        assertThat(Files.isRegularFile(ContractFiles.docs().resolve("asyncapi.yaml"))).isTrue();
    }

    /** The records under a sealed type, recursing into sealed sub-interfaces such as BookingDecision. */
    static List<Class<?>> leaves(Class<?> type) {
        if (!type.isSealed()) {
            return List.of(type);
        }
        return Arrays.stream(type.getPermittedSubclasses())
                .flatMap(subtype -> leaves(subtype).stream())
                .distinct()
                .toList();
    }
}
