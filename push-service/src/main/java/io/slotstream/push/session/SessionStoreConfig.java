package io.slotstream.push.session;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.RedisTemplate;
import org.springframework.data.redis.serializer.StringRedisSerializer;
import org.springframework.session.data.redis.RedisSessionRepository;

/**
 * The session store, set up like booking-api's (Spring Boot's default for Spring Session Data Redis): the default
 * {@link RedisSessionRepository}, string keys, JDK-serialized values, the same namespace.
 */
@Configuration(proxyBeanMethods = false)
@org.springframework.boot.context.properties.EnableConfigurationProperties(SessionProperties.class)
class SessionStoreConfig {

    @Bean
    SignedInUsers signedInUsers(RedisConnectionFactory connections, SessionProperties properties) {
        RedisTemplate<String, Object> template = new RedisTemplate<>();
        template.setConnectionFactory(connections);
        template.setKeySerializer(new StringRedisSerializer());
        template.setHashKeySerializer(new StringRedisSerializer());
        LenientJdkSerializer values = new LenientJdkSerializer(SessionStoreConfig.class.getClassLoader());
        template.setValueSerializer(values);
        template.setHashValueSerializer(values);
        template.afterPropertiesSet();
        RedisSessionRepository repository = new RedisSessionRepository(template);
        repository.setRedisKeyNamespace(properties.namespace());
        return new SignedInUsers(repository);
    }
}
