package io.slotstream.push.system;

import io.slotstream.push.relay.StreamReader;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/** Up while the relay reader is connected to Redis and reading (Redis itself has Spring Boot's own indicator). */
@Component("relay")
class RelayHealthIndicator implements HealthIndicator {

    private final StreamReader reader;

    RelayHealthIndicator(StreamReader reader) {
        this.reader = reader;
    }

    @Override
    public Health health() {
        return (reader.isReading() ? Health.up() : Health.down()).withDetail("reading", reader.isReading()).build();
    }
}
