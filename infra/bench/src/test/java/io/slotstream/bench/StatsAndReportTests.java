package io.slotstream.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class StatsAndReportTests {

    @Test
    void latencyIsRecordedPerSecondOfItsStartAndSummarisedInMilliseconds() {
        LatencySeries series = new LatencySeries("x");
        long origin = 1_000_000_000L;
        for (int i = 1; i <= 100; i++) {
            series.record(origin, origin + (i <= 50 ? 0 : 1_500_000_000L), i * 1_000_000L);
        }
        assertThat(series.count()).isEqualTo(100);
        assertThat(series.perSecond()).containsOnlyKeys(0, 1);
        assertThat(series.perSecond().get(1).getTotalCount()).isEqualTo(50);
        Map<String, Object> s = Stats.summary(series.total());
        assertThat((double) s.get("p50_ms")).isBetween(49.9, 50.1);
        assertThat((double) s.get("p99_ms")).isBetween(98.9, 99.1);
        assertThat((double) s.get("max_ms")).isBetween(99.9, 100.1);
    }

    @Test
    void aStallBeforeTheSendCountsInTheLatency() {
        // constant rate: measured from the intended time, so a request sent 200 ms late by a stalled client is 200 ms + its own time
        LatencySeries series = new LatencySeries("post");
        long origin = 0;
        long intended = 5_000_000_000L;
        long sentLate = intended + 200_000_000L;
        long done = sentLate + 2_000_000L;
        series.record(origin, intended, done - intended);
        assertThat(Stats.percentileMs(series.total(), 100)).isBetween(201.0, 203.0);
    }

    @Test
    void rateSeriesCountsPerSecondAndMean() {
        RateSeries rate = new RateSeries("r");
        for (int i = 0; i <= 1000; i++) {
            rate.mark(0, i * 2_000_000L); // 1,001 events over 2 s
        }
        assertThat(rate.total()).isEqualTo(1001);
        assertThat(rate.perSecond()).containsEntry(0, 500L).containsEntry(1, 500L).containsEntry(2, 1L);
        assertThat(rate.meanRate()).isBetween(499.0, 501.0);
        assertThat(rate.peakSecond()).isEqualTo(500);
    }

    @Test
    void kafkaToolOutputIsParsed() {
        Map<String, Object> producer = KafkaLimit.parseProducer("""
                50000 records sent, 24975.0 records/sec (7.15 MB/sec), 10.1 ms avg latency, 171.0 ms max latency.
                200000 records sent, 52910.1 records/sec (15.14 MB/sec), 401.93 ms avg latency, 812.00 ms max latency, 389 ms 50th, 700 ms 95th, 790 ms 99th, 810 ms 99.9th.
                """);
        assertThat(producer).containsEntry("records_per_s", 52910.1).containsEntry("p99_ms", 790.0).containsEntry("max_ms", 812.0);
        Map<String, Object> consumer = KafkaLimit.parseConsumer("""
                start.time, end.time, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, nMsg.sec, rebalance.time.ms, fetch.time.ms, fetch.MB.sec, fetch.nMsg.sec
                2026-11-24 09:00:00:000, 2026-11-24 09:00:02:000, 57.2205, 28.6102, 200000, 100000.0000, 300, 1700, 33.6591, 117647.0588
                """);
        assertThat(consumer).containsEntry("records_per_s", 100000.0).containsEntry("fetch_records_per_s", 117647.0588);
        Map<String, Object> e2e = KafkaLimit.parseEndToEnd("Avg latency: 2.5000 ms\nPercentiles: 50th = 2, 99th = 7, 99.9th = 15\n");
        assertThat(e2e).containsEntry("p50_ms", 2.0).containsEntry("p99_ms", 7.0).containsEntry("p999_ms", 15.0);
    }

    @Test
    void privateFrameFieldsAreFoundWithoutAParser() {
        String frame = "{\"type\":\"booking_rejected\",\"data\":{\"bookingId\":\"b-1\",\"slotId\":\"s-9\",\"status\":\"REJECTED\"}}";
        assertThat(PushClients.field(frame, "type")).isEqualTo("booking_rejected");
        assertThat(PushClients.field(frame, "bookingId")).isEqualTo("b-1");
        assertThat(PushClients.field(frame, "slotId")).isEqualTo("s-9");
        assertThat(PushClients.field(frame, "reason")).isNull();
    }

    @Test
    void theChartDrawsItsSeriesAsSvg() {
        Chart chart = new Chart("t <&>", "x", "y", false, true)
                .add(new Chart.Series("p50", new double[] {0, 1, 2}, new double[] {1, 10, 100}));
        String svg = chart.svg();
        assertThat(svg).startsWith("<svg").endsWith("</svg>").contains("<polyline").contains("t &lt;&amp;&gt;").contains("p50");
        Histogram empty = new Histogram(3);
        assertThat(Stats.summary(empty)).containsOnlyKeys("count");
    }
}
