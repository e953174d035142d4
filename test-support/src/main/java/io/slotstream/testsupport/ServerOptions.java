package io.slotstream.testsupport;

import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * How to start the embedded servers.
 *
 * @param dataDirectory where PostgreSQL and Kafka keep their data between runs; null for a throw-away folder
 * @param kafkaPort fixed Kafka port, 0 for any free one
 * @param postgresPort fixed PostgreSQL port, 0 for any free one
 * @param redisPort fixed Redis port, 0 for any free one
 * @param partitions partitions of each Slotstream topic
 */
public record ServerOptions(
        @Nullable Path dataDirectory, int kafkaPort, int postgresPort, int redisPort, int partitions) {

    /** Throw-away servers on free ports, as tests want them. */
    public static ServerOptions forTests() {
        return new ServerOptions(null, 0, 0, 0, 4);
    }
}
