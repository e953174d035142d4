package io.slotstream.api.system;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * HTTP settings.
 *
 * @param maxBodyBytes largest request body accepted; larger ones get 413 (default 65536)
 */
@ConfigurationProperties("slotstream.http")
public record HttpProperties(@DefaultValue("65536") long maxBodyBytes) {}
