package io.slotstream.push.session;

import org.jspecify.annotations.Nullable;
import org.springframework.data.redis.serializer.JdkSerializationRedisSerializer;
import org.springframework.data.redis.serializer.RedisSerializer;
import org.springframework.data.redis.serializer.SerializationException;

/**
 * Reads session attributes as booking-api writes them (JDK serialization). An attribute whose class push-service
 * does not have reads as {@link Unreadable} instead of failing the whole session, so that an attribute push-service
 * never looks at cannot lock a user out.
 */
final class LenientJdkSerializer implements RedisSerializer<Object> {

    /** Stands for an attribute that could not be read. */
    record Unreadable(String reason) {}

    private final JdkSerializationRedisSerializer jdk;

    LenientJdkSerializer(ClassLoader classLoader) {
        this.jdk = new JdkSerializationRedisSerializer(classLoader);
    }

    @Override
    public byte @Nullable [] serialize(@Nullable Object value) {
        return jdk.serialize(value);
    }

    @Override
    public @Nullable Object deserialize(byte @Nullable [] bytes) {
        try {
            return jdk.deserialize(bytes);
        } catch (SerializationException e) {
            return new Unreadable(String.valueOf(e.getMostSpecificCause().getMessage()));
        }
    }
}
