package io.slotstream.events;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one JSON mapping of the contract. Unknown fields are ignored so that consumers keep working when a
 * producer adds an optional field, and absent fields read as null so that records written before a field was
 * added still read; required fields are enforced by the records' constructors. Dates are ISO-8601 strings in UTC.
 */
public final class EventJson {

    public static final JsonMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS)
            .build();

    private EventJson() {}
}
