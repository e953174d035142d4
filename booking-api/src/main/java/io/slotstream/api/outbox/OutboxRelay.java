package io.slotstream.api.outbox;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Publishes the outbox to Kafka in batches and deletes what Kafka acknowledged, in one database transaction.
 *
 * <p>Concurrency model: one relay thread per instance; across instances a transaction-scoped advisory lock lets
 * exactly one relay work at a time, so messages leave in id order and one slot's messages stay in order. Rows are
 * deleted rather than tracked by "highest id sent", because identity values become visible out of commit order
 * and a high-water mark would skip a row committed late. A crash between send and delete re-sends that batch:
 * delivery is at least once, and every message carries its {@code eventId} so consumers drop the duplicate.
 */
@Component
public class OutboxRelay implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
    /** Arbitrary constant naming the relay's advisory lock. */
    private static final long RELAY_LOCK = 0x510757_0000_0001L;

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final KafkaTemplate<String, byte[]> kafka;
    private final OutboxSignal signal;
    private final OutboxProperties properties;
    private final Counter relayed;
    private final Timer batchTimer;

    private volatile boolean running;
    private Thread worker;

    OutboxRelay(
            JdbcClient jdbc,
            TransactionTemplate transactions,
            KafkaTemplate<String, byte[]> kafka,
            OutboxSignal signal,
            OutboxProperties properties,
            MeterRegistry meters) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.kafka = kafka;
        this.signal = signal;
        this.properties = properties;
        this.relayed = Counter.builder("slotstream.outbox.relayed")
                .description("Outbox messages published to Kafka")
                .register(meters);
        this.batchTimer = Timer.builder("slotstream.outbox.batch")
                .description("Time to publish one outbox batch and delete it")
                .publishPercentileHistogram()
                .register(meters);
    }

    @Override
    public synchronized void start() {
        if (running || !properties.enabled()) {
            return;
        }
        running = true;
        worker = new Thread(this::loop, "outbox-relay");
        worker.setDaemon(true);
        worker.start();
        log.info("Outbox relay started (batch {}, idle poll {})", properties.batchSize(), properties.idlePoll());
    }

    @Override
    public synchronized void stop() {
        running = false;
        Thread current = worker;
        if (current != null) {
            signal.signal();
            current.interrupt();
            try {
                current.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            worker = null;
            log.info("Outbox relay stopped");
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stops after the Kafka listener containers and web server, so the last commits still leave. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 2048;
    }

    private void loop() {
        Duration backoff = Duration.ofMillis(50);
        while (running) {
            try {
                int sent = relayOnce();
                backoff = Duration.ofMillis(50);
                if (sent < properties.batchSize()) {
                    signal.await(properties.idlePoll());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                log.warn("Outbox batch failed, nothing was deleted; retrying in {} ms: {}", backoff.toMillis(), e.toString());
                sleep(backoff);
                backoff = backoff.multipliedBy(2).compareTo(properties.maxBackoff()) > 0
                        ? properties.maxBackoff()
                        : backoff.multipliedBy(2);
            }
        }
    }

    /**
     * Publishes one batch. Returns how many messages left, 0 when the outbox is empty or another instance holds
     * the relay lock.
     */
    public int relayOnce() {
        Integer sent = transactions.execute(status -> {
            Boolean leader = jdbc.sql("select pg_try_advisory_xact_lock(:lock)")
                    .param("lock", RELAY_LOCK)
                    .query(Boolean.class)
                    .single();
            if (!Boolean.TRUE.equals(leader)) {
                return 0;
            }
            List<OutboxRow> rows = jdbc.sql("select id, event_id, topic, message_key, payload from outbox order by id limit :n")
                    .param("n", properties.batchSize())
                    .query((rs, i) -> new OutboxRow(
                            rs.getLong("id"),
                            rs.getObject("event_id", UUID.class),
                            rs.getString("topic"),
                            rs.getString("message_key"),
                            rs.getBytes("payload")))
                    .list();
            if (rows.isEmpty()) {
                return 0;
            }
            long started = System.nanoTime();
            publish(rows);
            jdbc.sql("delete from outbox where id in (:ids)")
                    .param("ids", rows.stream().map(OutboxRow::id).toList())
                    .update();
            batchTimer.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
            return rows.size();
        });
        int count = sent == null ? 0 : sent;
        relayed.increment(count);
        return count;
    }

    private void publish(List<OutboxRow> rows) {
        List<CompletableFuture<SendResult<String, byte[]>>> acks = new ArrayList<>(rows.size());
        for (OutboxRow row : rows) {
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(row.topic(), row.key(), row.payload());
            record.headers().add("eventId", row.eventId().toString().getBytes(StandardCharsets.UTF_8));
            acks.add(kafka.send(record));
        }
        kafka.flush();
        try {
            CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new))
                    .get(properties.sendTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing the outbox", e);
        } catch (Exception e) {
            // never delete rows whose send failed: the transaction rolls back and the batch is tried again
            throw new IllegalStateException("Kafka did not acknowledge the outbox batch", e);
        }
    }

    private void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private record OutboxRow(long id, UUID eventId, String topic, String key, byte[] payload) {}
}
