package io.slotstream.processor.crash;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.ProducerInterceptor;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * A producer interceptor for the Kafka Streams producer of a {@link CrashingStreamProcessor}: when armed, it kills
 * the JVM in the middle of a commit interval, as the processor sends its {@value #CRASH_AT}th record to the events
 * topic. By then the records sent before it are on the broker (it waits for their acknowledgements), while the input
 * offsets and the slot states that made them are not committed yet: the crashing processor runs with a commit
 * interval far longer than its work, and its slot-state store is cached, so its changelog is written only at a
 * commit. Under at-least-once those decisions are readable; under exactly-once they sit in a transaction that is
 * never committed.
 */
public final class CrashMidCommitInterval implements ProducerInterceptor<byte[], byte[]> {

    /** System property: {@code true} arms the crash. */
    public static final String ARMED = "slotstream.test.crash-before-state-logged";

    /** System property: the topic the decisions go to. */
    public static final String EVENTS_TOPIC = "slotstream.test.events-topic";

    /** The exit status of the crash, as after a SIGKILL. */
    public static final int EXIT_STATUS = 137;

    /** The crash comes as the processor sends this record to the events topic. */
    public static final int CRASH_AT = 40;

    private static final AtomicInteger eventsSent = new AtomicInteger();
    private static final AtomicInteger eventsWritten = new AtomicInteger();

    @Override
    public ProducerRecord<byte[], byte[]> onSend(ProducerRecord<byte[], byte[]> record) {
        if (!record.topic().equals(System.getProperty(EVENTS_TOPIC))) {
            return record;
        }
        int sent = eventsSent.incrementAndGet();
        if (Boolean.getBoolean(ARMED) && sent == CRASH_AT) {
            // everything sent before this record is on the broker first
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (eventsWritten.get() < sent - 1 && System.nanoTime() < deadline) {
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            System.out.println("Crashing with " + eventsWritten.get() + " events written since the last commit");
            System.out.flush();
            Runtime.getRuntime().halt(EXIT_STATUS);
        }
        return record;
    }

    @Override
    public void onAcknowledgement(RecordMetadata metadata, Exception exception) {
        if (exception == null && metadata != null && metadata.topic().equals(System.getProperty(EVENTS_TOPIC))) {
            eventsWritten.incrementAndGet();
        }
    }

    @Override
    public void close() {}

    @Override
    public void configure(Map<String, ?> configs) {}
}
