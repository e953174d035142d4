/** Cross-cutting pieces: security, problem+json errors, Kafka and HTTP settings. */
@NullMarked
package io.slotstream.api.system;

import org.jspecify.annotations.NullMarked;
