package io.slotstream.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScenarioTests {

    @Test
    void theDefaultsAreTheSaleStart() {
        Scenario s = Scenario.parse();
        assertThat(s.plannedAttempts()).isEqualTo(10_000);
        assertThat(s.users()).isEqualTo(2_000);
        assertThat(s.slots()).isEqualTo(1_000);
        assertThat(s.listeners()).isEqualTo(1_000);
        assertThat(s.capacity()).isEqualTo(1);
        assertThat(s.constantRate()).isFalse();
        assertThat(s.local()).isTrue();
        assertThat(s.name()).isEqualTo("rush");
    }

    @Test
    void aRateAndADurationGiveTheAttempts() {
        Scenario s = Scenario.parse("--rate=1000", "--duration=12s");
        assertThat(s.constantRate()).isTrue();
        assertThat(s.plannedAttempts()).isEqualTo(12_000);
        assertThat(s.name()).isEqualTo("rate-1000");
        assertThat(s.concurrency()).isEqualTo(256);
    }

    @Test
    void argumentsOverrideTheFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("small.properties");
        Files.writeString(file, "attempts=500\nusers=100\nslots=50\nlisteners=10\nname=small\n");
        Scenario s = Scenario.parse("--scenario=" + file, "--listeners=3", "--duration=PT1M", "--rate=10");
        assertThat(s.users()).isEqualTo(100);
        assertThat(s.listeners()).isEqualTo(3);
        assertThat(s.duration()).isEqualTo(Duration.ofMinutes(1));
        assertThat(s.plannedAttempts()).isEqualTo(600);
        assertThat(s.name()).isEqualTo("small");
    }

    @Test
    void badInputIsRefusedWithTheReason() {
        assertThatThrownBy(() -> Scenario.parse("--atempts=5")).hasMessageContaining("unknown setting 'atempts'");
        assertThatThrownBy(() -> Scenario.parse("--users=many")).hasMessageContaining("users must be a whole number");
        assertThatThrownBy(() -> Scenario.parse("attempts=5")).hasMessageContaining("--key=value");
        assertThatThrownBy(() -> Scenario.parse("--duration=30s")).hasMessageContaining("duration needs a rate");
        assertThatThrownBy(() -> Scenario.parse("--attempts=100", "--users=1", "--slots=10"))
                .hasMessageContaining("attempts / users must be at most slots");
        assertThatThrownBy(() -> Scenario.parse("--base-url=http://127.0.0.1:8080")).hasMessageContaining("go together");
        assertThatThrownBy(() -> Scenario.parse("--rate=5", "--duration=soon")).hasMessageContaining("duration 'soon'");
    }
}
