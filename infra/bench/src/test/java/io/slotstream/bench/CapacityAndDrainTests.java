package io.slotstream.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CapacityAndDrainTests {

    @Test
    void thePhasesAreSettings() {
        Scenario s = Scenario.parse("--ws-capacity=19500", "--ws-broadcast-to=10000", "--ws-broadcasts=3",
                "--ws-broadcast-gap=500ms", "--ws-heap=1g", "--ws-per-client=8000", "--outbox-drain=50,000");
        assertThat(s.wsCapacity()).isEqualTo(19_500);
        assertThat(s.wsBroadcastTo()).isEqualTo(10_000);
        assertThat(s.wsBroadcasts()).isEqualTo(3);
        assertThat(s.wsBroadcastGap()).isEqualTo(Duration.ofMillis(500));
        assertThat(s.wsHeap()).isEqualTo("1g");
        assertThat(s.wsPerClient()).isEqualTo(8_000);
        assertThat(s.outboxDrain()).isEqualTo(50_000);
    }

    @Test
    void theDrainRunsByDefaultAndTheCapacityPhaseDoesNot() {
        Scenario s = Scenario.parse();
        assertThat(s.outboxDrain()).isEqualTo(50_000);
        assertThat(s.wsCapacity()).isZero();
        assertThat(s.wsHeap()).isEqualTo("1g");
        assertThat(s.wsPerClient()).isEqualTo(9_000);
        // against a running stack the drain needs its database and Kafka, so it is off unless asked for
        assertThat(Scenario.parse("--base-url=http://h:1", "--ws-url=ws://h:2/ws").outboxDrain()).isZero();
    }

    @Test
    void impossiblePhaseSettingsAreRefused() {
        assertThatThrownBy(() -> Scenario.parse("--ws-per-client=20000")).hasMessageContaining("20,000 file descriptors");
        assertThatThrownBy(() -> Scenario.parse("--ws-heap=lots")).hasMessageContaining("ws-heap");
        assertThatThrownBy(() -> Scenario.parse("--ws-capacity=-1")).hasMessageContaining("ws-capacity");
        assertThatThrownBy(() -> Scenario.parse("--ws-capacity=100", "--base-url=http://h:1", "--ws-url=ws://h:2/ws"))
                .hasMessageContaining("only on the local stack");
        assertThatThrownBy(() -> Scenario.parse("--outbox-drain=10", "--base-url=http://h:1", "--ws-url=ws://h:2/ws"))
                .hasMessageContaining("jdbc-url and kafka");
        assertThatThrownBy(() -> Scenario.parse("--ws-broadcasts=0")).hasMessageContaining("ws-broadcasts");
    }

    @Test
    void connectionsAreSpreadEvenlyOverChildrenUnderTheLimit() {
        int[][] plan = WsCapacity.spread(19_500, 10_000, 9_000);
        assertThat(plan).hasNumberOfRows(3);
        assertThat(plan[0]).containsExactly(6_500, 3_334);
        assertThat(plan[1]).containsExactly(6_500, 3_333);
        assertThat(plan[2]).containsExactly(6_500, 3_333);
        int[][] small = WsCapacity.spread(2_000, 5_000, 9_000);
        assertThat(small).hasNumberOfRows(1);
        assertThat(small[0]).containsExactly(2_000, 2_000);
    }

    @Test
    void aChildReportIsRead() {
        WsCapacity.ChildReport report = WsCapacity.parseReport(List.of("A slot-1 100", "A slot-2 250", "STATS 10 2 1 3"));
        assertThat(report.slots()).containsExactly("slot-1", "slot-2");
        assertThat(report.nanos()).containsExactly(100L, 250L);
        assertThat(report.frames()).isEqualTo(10);
        assertThat(report.created()).isEqualTo(2);
        assertThat(report.closed()).isEqualTo(1);
        assertThat(report.pings()).isEqualTo(3);
    }

    @Test
    void heapInfoOfG1SerialAndParallelIsSummed() {
        String g1 = """
                 garbage-first heap   total 1048576K, used 187392K [0x00000000c0000000, 0x0000000100000000)
                  region size 1024K, 3 young (3072K), 0 survivors (0K)
                 Metaspace       used 80123K, committed 80640K, reserved 1122304K
                  class space    used 10234K, committed 10496K, reserved 1048576K
                """;
        JvmMemory.Heap heap = JvmMemory.parseHeapInfo(g1);
        assertThat(heap.usedBytes()).isEqualTo(187_392L * 1024);
        assertThat(heap.committedBytes()).isEqualTo(1_048_576L * 1024);
        assertThat(heap.collector()).isEqualTo("garbage-first heap");
        String serial = """
                 def new generation   total 4928K, used 1000K [0x1, 0x2, 0x3)
                  eden space 4416K,  27% used [0x1, 0x2, 0x3)
                  from space 512K,   0% used [0x1, 0x2, 0x3)
                 tenured generation   total 10944K, used 5000K [0x1, 0x2, 0x3)
                   the space 10944K,  51% used [0x1, 0x2, 0x3, 0x4)
                 Metaspace       used 700K, committed 768K, reserved 1056768K
                """;
        assertThat(JvmMemory.parseHeapInfo(serial).usedBytes()).isEqualTo(6_000L * 1024);
        String parallel = """
                 PSYoungGen      total 76288K, used 3932K [0x1, 0x2, 0x3)
                  eden space 65536K, 6% used [0x1,0x2,0x3)
                 ParOldGen       total 175104K, used 100K [0x1, 0x2, 0x3)
                  object space 175104K, 0% used [0x1,0x2,0x3)
                """;
        assertThat(JvmMemory.parseHeapInfo(parallel).usedBytes()).isEqualTo(4_032L * 1024);
        assertThatThrownBy(() -> JvmMemory.parseHeapInfo("1234:\nsomething else")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theHeapOfARunningJvmIsReadThroughJcmd() {
        // this test's own JVM, from the jcmd process: what the phase does to push-service
        long pid = ProcessHandle.current().pid();
        byte[][] live = new byte[64][];
        for (int i = 0; i < live.length; i++) {
            live[i] = new byte[1024 * 1024];
        }
        JvmMemory.Heap heap = JvmMemory.afterFullGc(pid);
        assertThat(heap.usedBytes()).isGreaterThan(64L * 1024 * 1024);
        assertThat(heap.committedBytes()).isGreaterThanOrEqualTo(heap.usedBytes());
        List<String> top = JvmMemory.topClasses(pid, 5);
        assertThat(top).hasSize(5);
        assertThat(top.get(0)).startsWith("1: ").contains("[B");
        assertThat(live[63]).hasSize(1024 * 1024);
    }

    @Test
    void theDrainRateRunsFromTheCommitToTheLastEvent() {
        long commit = 1_000_000_000L;
        long[] arrivals = new long[5_000];
        for (int i = 0; i < arrivals.length; i++) {
            // the first event 200 ms after the commit, then 2,500 a second for two seconds
            arrivals[i] = commit + 200_000_000L + i * 400_000L;
        }
        OutboxDrain.Figures f = OutboxDrain.Figures.of(5_000, commit, arrivals);
        assertThat(f.reached()).isEqualTo(5_000);
        assertThat(f.firstEventMs()).isEqualTo(200.0);
        assertThat(f.secondsToLastEvent()).isEqualTo(2.2);
        assertThat(f.eventsPerSecond()).isEqualTo(2273.14); // 5,000 / 2.1996 s: the last event at 200 ms + 4,999 x 0.4 ms
        assertThat(f.steadyEventsPerSecond()).isEqualTo(2500.0);
        assertThat(f.perSecond()).containsExactly(2_000L, 2_500L, 500L);
        assertThat(f.peakSecond()).isEqualTo(2_500L);
        assertThat(OutboxDrain.Figures.of(10, commit, new long[0]).reached()).isZero();
    }

    @Test
    void theDrainTargetIsJudgedOnTheDrainNotOnTheRush() {
        Results r = new Results(Scenario.parse());
        r.outboxDrain.putAll(Map.of("rows", 50_000, "events_per_s", 6_000.0, "reached_booking_commands", 50_000, "ok", true));
        BookingRush.ratiosAndTargets(r, r.scenario);
        assertThat(check(r, "outbox relay drains").met()).isTrue();
        Results missing = new Results(Scenario.parse());
        missing.outboxDrain.putAll(Map.of("rows", 50_000, "events_per_s", 9_000.0, "reached_booking_commands", 49_999, "ok", false));
        BookingRush.ratiosAndTargets(missing, missing.scenario);
        assertThat(check(missing, "outbox relay drains").met()).isFalse();
        Results notRun = new Results(Scenario.parse("--outbox-drain=0"));
        BookingRush.ratiosAndTargets(notRun, notRun.scenario);
        assertThat(check(notRun, "outbox relay drains").met()).isNull();
    }

    @Test
    void theCapacityTargetsAreJudgedOnlyAtTheirSize() {
        Results small = new Results(Scenario.parse());
        small.wsCapacity.putAll(Map.of("opened", 2_000L, "failed_to_open", 0L, "closed_by_the_server", 0L,
                "heap_used_mb_after_full_gc_before_connections", 60.0, "heap_used_mb_after_full_gc_with_connections", 100.0,
                "heap_kb_per_connection", 20.48, "watched_for_the_broadcast", 1_000, "arrivals_at_watched_connections", 5_000L,
                "expected_at_watched_connections", 5_000L, "latency", Map.of("p99_ms", 40.0)));
        WsCapacityChecks.add(small);
        assertThat(small.checks.get(0).met()).isNull();
        assertThat(small.checks.get(0).measured()).contains("460 MB extrapolated to 20,000");
        assertThat(small.checks.get(1).met()).isNull();

        Results full = new Results(Scenario.parse());
        full.wsCapacity.putAll(Map.of("opened", 20_000L, "failed_to_open", 0L, "closed_by_the_server", 0L,
                "heap_used_mb_after_full_gc_before_connections", 60.0, "heap_used_mb_after_full_gc_with_connections", 1_100.0,
                "heap_kb_per_connection", 53.2, "watched_for_the_broadcast", 10_000, "arrivals_at_watched_connections", 50_000L,
                "expected_at_watched_connections", 50_000L, "latency", Map.of("p99_ms", 240.0)));
        WsCapacityChecks.add(full);
        assertThat(full.checks.get(0).met()).isFalse();
        assertThat(full.checks.get(1).met()).isTrue();
    }

    @Test
    void serverFramesAreReadWholeAndInPieces() {
        byte[] text = "{\"type\":\"timeslot_created\",\"data\":{\"slotId\":\"abc\"}}".getBytes(StandardCharsets.UTF_8);
        ByteBuffer wire = ByteBuffer.allocate(1024);
        wire.put((byte) 0x81).put((byte) text.length).put(text); // a text frame, unmasked as from a server
        wire.put((byte) 0x89).put((byte) 2).put(new byte[] {7, 8}); // a ping
        byte[] big = new byte[300];
        java.util.Arrays.fill(big, (byte) 'x');
        wire.put((byte) 0x01).put((byte) 126).putShort((short) 300).put(big); // first fragment, 16-bit length
        wire.put((byte) 0x80).put((byte) 1).put((byte) 'y'); // last fragment
        wire.put((byte) 0x88).put((byte) 0); // close
        wire.flip();
        byte[] all = new byte[wire.remaining()];
        wire.get(all);

        Recorder whole = new Recorder();
        assertThat(WsFrames.read(ByteBuffer.wrap(all), whole, new WsFrames.Fragments())).isEqualTo(5);
        assertThat(whole.texts).containsExactly(new String(text, StandardCharsets.UTF_8), "x".repeat(300) + "y");
        assertThat(whole.pings).containsExactly("0708");
        assertThat(whole.closes).isEqualTo(1);

        // the same bytes one at a time: what is left of a frame stays unread until the rest comes
        Recorder pieces = new Recorder();
        WsFrames.Fragments fragments = new WsFrames.Fragments();
        ByteBuffer buffer = ByteBuffer.allocate(1024);
        for (byte b : all) {
            buffer.put(b).flip();
            WsFrames.read(buffer, pieces, fragments);
            buffer.compact();
        }
        assertThat(pieces.texts).isEqualTo(whole.texts);
        assertThat(pieces.pings).isEqualTo(whole.pings);
        assertThat(pieces.closes).isEqualTo(1);
    }

    @Test
    void aPongIsMaskedAndTheUpgradeIsChecked() {
        ByteBuffer pong = WsFrames.clientFrame(WsFrames.PONG, new byte[] {7, 8}, new byte[] {1, 2, 3, 4});
        assertThat(pong.get(0) & 0xFF).isEqualTo(0x8A);
        assertThat(pong.get(1) & 0xFF).isEqualTo(0x80 | 2);
        assertThat(pong.get(6)).isEqualTo((byte) (7 ^ 1));
        assertThat(pong.get(7)).isEqualTo((byte) (8 ^ 2));
        // RFC 6455 section 1.3's example
        assertThat(WsFrames.accept("dGhlIHNhbXBsZSBub25jZQ==")).isEqualTo("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
        String ok = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nsec-websocket-accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=";
        assertThat(WsFrames.checkUpgrade(ok, "dGhlIHNhbXBsZSBub25jZQ==")).isNull();
        assertThat(WsFrames.checkUpgrade("HTTP/1.1 401 Unauthorized\r\nX: y", "k")).isEqualTo("upgrade refused: HTTP/1.1 401 Unauthorized");
        assertThat(WsFrames.checkUpgrade(ok, "another key")).isEqualTo("wrong Sec-WebSocket-Accept");
    }

    private static Results.Check check(Results r, String prefix) {
        return r.checks.stream().filter(c -> c.target().startsWith(prefix)).findFirst().orElseThrow();
    }

    private static final class Recorder implements WsFrames.Sink {
        final List<String> texts = new ArrayList<>();
        final List<String> pings = new ArrayList<>();
        int closes;

        @Override
        public void text(byte[] payload, int offset, int length) {
            texts.add(new String(payload, offset, length, StandardCharsets.UTF_8));
        }

        @Override
        public void ping(byte[] payload) {
            StringBuilder hex = new StringBuilder();
            for (byte b : payload) {
                hex.append(String.format("%02x", b));
            }
            pings.add(hex.toString());
        }

        @Override
        public void close() {
            closes++;
        }
    }
}
