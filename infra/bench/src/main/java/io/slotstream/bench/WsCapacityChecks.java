package io.slotstream.bench;

import java.util.Locale;
import java.util.Map;

/**
 * The two targets of the WebSocket capacity phase, judged from what {@link WsCapacity} wrote. A run with fewer
 * connections than the target (this machine allows about 19,500 per process) is not judged: it reports what it held
 * and the heap extrapolated to 20,000 from the heap per connection it measured.
 */
final class WsCapacityChecks {

    static final int CONNECTIONS = 20_000;
    static final double HEAP_MB = 1024;
    static final int WATCHED = 10_000;
    static final double P99_MS = 250;

    private WsCapacityChecks() {}

    static void add(Results r) {
        Map<String, Object> ws = r.wsCapacity;
        String holdTarget = "one push-service holds 20,000 WebSocket connections in <= 1 GiB heap";
        String broadcastTarget = "a broadcast to 10,000 of them: p99 <= 250 ms";
        if (ws.isEmpty()) {
            r.checks.add(new Results.Check(holdTarget, "phase not run (ws-capacity=0)", null));
            r.checks.add(new Results.Check(broadcastTarget, "phase not run (ws-capacity=0)", null));
            return;
        }
        if (ws.containsKey("error") && !ws.containsKey("heap_used_mb_after_full_gc_with_connections")) {
            r.checks.add(new Results.Check(holdTarget, "phase failed: " + ws.get("error"), false));
            return;
        }
        double opened = BookingRush.number(ws, "opened");
        double failed = BookingRush.number(ws, "failed_to_open");
        double closed = BookingRush.number(ws, "closed_by_the_server");
        double heap = BookingRush.number(ws, "heap_used_mb_after_full_gc_with_connections");
        double before = BookingRush.number(ws, "heap_used_mb_after_full_gc_before_connections");
        double perConnectionKb = BookingRush.number(ws, "heap_kb_per_connection");
        double extrapolated = before + perConnectionKb * CONNECTIONS / 1024;
        String held = String.format(Locale.ROOT, "%,.0f open (%,.0f failed, %,.0f closed by the server), heap %.0f MB after a full GC"
                + " (%.1f KB per connection; %,.0f MB extrapolated to 20,000), heap limit %s", opened, failed, closed, heap,
                perConnectionKb, extrapolated, ws.get("push_service_heap_limit"));
        Boolean holdMet = opened >= CONNECTIONS ? heap <= HEAP_MB && failed == 0 && closed == 0 : null;
        r.checks.add(new Results.Check(holdTarget, held, holdMet));

        @SuppressWarnings("unchecked")
        Map<String, Object> latency = ws.get("latency") instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
        double p99 = BookingRush.number(latency, "p99_ms");
        double arrivals = BookingRush.number(ws, "arrivals_at_watched_connections");
        double expected = BookingRush.number(ws, "expected_at_watched_connections");
        double watched = BookingRush.number(ws, "watched_for_the_broadcast");
        String delivered = String.format(Locale.ROOT, "p99 %s at %,.0f watched of %,.0f connections; %,.0f of %,.0f frames arrived",
                Stats.fmtMs(p99), watched, opened, arrivals, expected);
        Boolean broadcastMet = watched >= WATCHED && opened >= WATCHED && !Double.isNaN(p99) ? p99 <= P99_MS && arrivals == expected : null;
        r.checks.add(new Results.Check(broadcastTarget, delivered, broadcastMet));
    }
}
