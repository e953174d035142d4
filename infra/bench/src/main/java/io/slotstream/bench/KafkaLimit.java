package io.slotstream.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * The limit of Kafka on the same broker, measured with Kafka's own tools from {@code kafka-tools} (the release that
 * matches the broker), each as a process of its own as {@code kafka-producer-perf-test.sh} would run it:
 * {@code ProducerPerformance} (acks=all, idempotent, as the outbox relay produces), {@code ConsumerPerformance} on
 * what it wrote, and {@code EndToEndLatency} for produce to consume of one record at a time.
 */
final class KafkaLimit {

    private KafkaLimit() {}

    static Map<String, Object> measure(String bootstrap, int records, int recordSize, String run) throws Exception {
        String topic = "bench-kafka-limit-" + run;
        String e2eTopic = "bench-kafka-e2e-" + run;
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic(topic, 4, (short) 1), new NewTopic(e2eTopic, 1, (short) 1))).all().get();
        }
        Map<String, Object> out = new LinkedHashMap<>();
        String produced = tool("org.apache.kafka.tools.ProducerPerformance", "--topic", topic, "--num-records",
                Integer.toString(records), "--record-size", Integer.toString(recordSize), "--throughput", "-1",
                "--producer-props", "bootstrap.servers=" + bootstrap, "acks=all", "enable.idempotence=true", "linger.ms=1");
        out.put("producer", parseProducer(produced));
        String consumed = tool("org.apache.kafka.tools.ConsumerPerformance", "--bootstrap-server", bootstrap, "--topic", topic,
                "--messages", Integer.toString(records), "--timeout", "60000");
        out.put("consumer", parseConsumer(consumed));
        String e2e = tool("org.apache.kafka.tools.EndToEndLatency", bootstrap, e2eTopic, "5000", "all", Integer.toString(recordSize));
        out.put("end_to_end", parseEndToEnd(e2e));
        out.put("record_size", recordSize);
        return out;
    }

    /** "200000 records sent, 52910.1 records/sec (15.14 MB/sec), 401.93 ms avg latency, ... 12 ms 50th, ..." */
    static Map<String, Object> parseProducer(String output) {
        Map<String, Object> m = new LinkedHashMap<>();
        String last = lastLineContaining(output, "records sent");
        Matcher rate = Pattern.compile("([0-9.]+) records/sec").matcher(last);
        if (rate.find()) {
            m.put("records_per_s", Double.parseDouble(rate.group(1)));
        }
        for (String[] p : new String[][] {{"avg_ms", "([0-9.]+) ms avg latency"}, {"p50_ms", "([0-9.]+) ms 50th"},
                {"p99_ms", "([0-9.]+) ms 99th"}, {"max_ms", "([0-9.]+) ms max latency"}}) {
            Matcher matcher = Pattern.compile(p[1]).matcher(last);
            if (matcher.find()) {
                m.put(p[0], Double.parseDouble(matcher.group(1)));
            }
        }
        m.put("raw", last);
        return m;
    }

    /** The CSV row under "start.time, end.time, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, nMsg.sec, ...". */
    static Map<String, Object> parseConsumer(String output) {
        Map<String, Object> m = new LinkedHashMap<>();
        String[] lines = output.strip().split("\n");
        for (int i = 0; i < lines.length - 1; i++) {
            if (lines[i].contains("nMsg.sec")) {
                String[] header = lines[i].split(",\\s*");
                String[] row = lines[i + 1].split(",\\s*");
                for (int c = 0; c < Math.min(header.length, row.length); c++) {
                    m.put(header[c].trim(), row[c].trim());
                }
                m.put("records_per_s", Double.parseDouble(m.get("nMsg.sec").toString()));
                if (m.containsKey("fetch.nMsg.sec")) {
                    m.put("fetch_records_per_s", Double.parseDouble(m.get("fetch.nMsg.sec").toString()));
                }
            }
        }
        return m;
    }

    /** "Avg latency: 1.2345 ms" and "Percentiles: 50th = 1, 99th = 3, 99.9th = 9". */
    static Map<String, Object> parseEndToEnd(String output) {
        Map<String, Object> m = new LinkedHashMap<>();
        Matcher avg = Pattern.compile("Avg latency: ([0-9.]+) ms").matcher(output);
        if (avg.find()) {
            m.put("avg_ms", Double.parseDouble(avg.group(1)));
        }
        Matcher p = Pattern.compile("50th = (\\d+), 99th = (\\d+), 99.9th = (\\d+)").matcher(output);
        if (p.find()) {
            m.put("p50_ms", Double.parseDouble(p.group(1)));
            m.put("p99_ms", Double.parseDouble(p.group(2)));
            m.put("p999_ms", Double.parseDouble(p.group(3)));
        }
        return m;
    }

    private static String lastLineContaining(String output, String needle) {
        String found = "";
        for (String line : output.split("\n")) {
            if (line.contains(needle)) {
                found = line.trim();
            }
        }
        return found;
    }

    /** Runs a Kafka tool in its own JVM with this program's classpath; its standard output. */
    static String tool(String mainClass, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.add("-Xmx512m");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass);
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
            throw new IllegalStateException(mainClass + " failed: " + new String(output, StandardCharsets.UTF_8));
        }
        return new String(output, StandardCharsets.UTF_8);
    }
}
