/** JMH benchmarks of the stream processor's decision hot path; run with {@code ./infra/bench/jmh}. */
@NullMarked
package io.slotstream.bench.jmh;

import org.jspecify.annotations.NullMarked;
