package io.slotstream.testsupport;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where the three servers listen. Both the embedded and the container path end here, so the services see the
 * same Spring properties whichever started the servers.
 */
public record ServerEndpoints(
        String kafkaBootstrapServers,
        String jdbcUrl,
        String jdbcUsername,
        String jdbcPassword,
        String redisHost,
        int redisPort) {

    /** The Spring Boot properties that point a service at these servers. */
    public Map<String, String> springProperties() {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("spring.kafka.bootstrap-servers", kafkaBootstrapServers);
        properties.put("spring.datasource.url", jdbcUrl);
        properties.put("spring.datasource.username", jdbcUsername);
        properties.put("spring.datasource.password", jdbcPassword);
        properties.put("spring.data.redis.host", redisHost);
        properties.put("spring.data.redis.port", Integer.toString(redisPort));
        return properties;
    }

    /** The same endpoints with another database on the same PostgreSQL server. */
    public ServerEndpoints withJdbcUrl(String url) {
        return new ServerEndpoints(kafkaBootstrapServers, url, jdbcUsername, jdbcPassword, redisHost, redisPort);
    }
}
