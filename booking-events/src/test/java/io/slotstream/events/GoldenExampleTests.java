package io.slotstream.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.slotstream.events.ContractFiles.Golden;
import java.util.List;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/**
 * The golden examples in docs/events/examples are what downstream teams code against. Each one must read into
 * the record it stands for, through the serde of its topic, and the record must write back the same JSON: a
 * renamed, removed or retyped field fails here before it reaches a consumer.
 */
class GoldenExampleTests {

    static List<Golden> goldens() {
        return ContractFiles.goldens();
    }

    @Test
    void everyGoldenExampleHasAnExpectedRecordAndEveryExpectedRecordHasAGoldenExample() {
        assertThat(goldens()).extracting(Golden::id)
                .containsExactlyInAnyOrderElementsOf(GoldenRecords.byGoldenId().keySet());
    }

    @Test
    void goldenExamplesLiveOnlyInFoldersNamedAfterTopics() {
        assertThat(goldens()).extracting(Golden::topic).allSatisfy(topic -> assertThat(ContractFiles.topics())
                .contains(topic));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goldens")
    void theTopicsSerdeReadsTheGoldenExampleIntoTheExpectedRecord(Golden golden) {
        Serde<SlotMessage> serde = ContractFiles.valueSerde(golden.topic());

        SlotMessage read = serde.deserializer().deserialize(golden.topic(), golden.bytes());

        assertThat(read).isEqualTo(GoldenRecords.byGoldenId().get(golden.id()));
        assertThat(read.getClass().getSimpleName()).isEqualTo(golden.type());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goldens")
    void theExpectedRecordWritesTheSameJsonAsTheGoldenExample(Golden golden) {
        Serde<SlotMessage> serde = ContractFiles.valueSerde(golden.topic());
        SlotMessage expected = GoldenRecords.byGoldenId().get(golden.id());

        byte[] written = serde.serializer().serialize(golden.topic(), expected);

        assertThat(tree(written)).isEqualTo(tree(golden.bytes()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goldens")
    void theGoldenExampleSurvivesAReadAndWriteUnchanged(Golden golden) {
        Serde<SlotMessage> serde = ContractFiles.valueSerde(golden.topic());

        byte[] again = serde.serializer()
                .serialize(golden.topic(), serde.deserializer().deserialize(golden.topic(), golden.bytes()));

        assertThat(tree(again)).isEqualTo(tree(golden.bytes()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goldens")
    void theGoldenExampleIsKeyedByItsSlotIdAsTheTopicsKeySerdeWritesIt(Golden golden) {
        SlotMessage read = ContractFiles.valueSerde(golden.topic()).deserializer()
                .deserialize(golden.topic(), golden.bytes());
        byte[] key = ContractFiles.keySerde(golden.topic())
                .serializer()
                .serialize(golden.topic(), read.slotId().toString());

        assertThat(new String(key, java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo(tree(golden.bytes()).get("slotId").asString());
    }

    private static JsonNode tree(byte[] json) {
        return EventJson.MAPPER.readTree(json);
    }
}
