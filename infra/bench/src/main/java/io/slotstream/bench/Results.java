package io.slotstream.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Everything one run measured, in the shape the reports print. */
final class Results {

    /** A product figure beside the limit of the part underneath. */
    record Ratio(String product, double productValue, String limit, double limitValue, String unit, String note) {
        double ratio() {
            return limitValue == 0 || Double.isNaN(limitValue) || Double.isNaN(productValue) ? Double.NaN : productValue / limitValue;
        }
    }

    /** A target of the issue and whether this run met it. */
    record Check(String target, String measured, @Nullable Boolean met) {}

    final Scenario scenario;
    final Map<String, Object> environment = new LinkedHashMap<>();
    final Map<String, Object> phases = new LinkedHashMap<>();
    final List<LatencySeries> latencies = new ArrayList<>();
    final List<RateSeries> rates = new ArrayList<>();
    final Map<String, Object> throughput = new LinkedHashMap<>();
    final Map<String, Object> delivery = new LinkedHashMap<>();
    @Nullable Correctness correctness;
    Map<String, Map<String, Object>> processes = new LinkedHashMap<>();
    Map<String, List<ProcessSampler.Sample>> processSamples = new LinkedHashMap<>();
    final Map<String, Object> limits = new LinkedHashMap<>();
    final List<Ratio> ratios = new ArrayList<>();
    final List<Check> checks = new ArrayList<>();
    final Map<String, Object> statuses = new LinkedHashMap<>();
    /** The outbox relay draining a pre-loaded backlog ({@link OutboxDrain}); empty when the phase did not run. */
    final Map<String, Object> outboxDrain = new LinkedHashMap<>();
    /** One push-service holding many idle connections, then broadcasting ({@link WsCapacity}); empty when not run. */
    final Map<String, Object> wsCapacity = new LinkedHashMap<>();

    Results(Scenario scenario) {
        this.scenario = scenario;
    }

    @Nullable LatencySeries latency(String name) {
        return latencies.stream().filter(l -> l.name().equals(name)).findFirst().orElse(null);
    }
}
