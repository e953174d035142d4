package io.slotstream.api;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/** booking-api: the HTTP face of Slotstream. */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class BookingApiApplication {

    /** The configuration file is booking-api.yml, so this app can share a JVM with the others in the local stack. */
    public static SpringApplicationBuilder builder() {
        return new SpringApplicationBuilder(BookingApiApplication.class).properties("spring.config.name=booking-api");
    }

    public static void main(String[] args) {
        builder().run(args);
    }
}
