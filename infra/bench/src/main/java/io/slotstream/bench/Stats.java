package io.slotstream.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import org.HdrHistogram.Histogram;

/** Summaries of HdrHistograms of nanoseconds, in milliseconds, for the reports. */
public final class Stats {

    private Stats() {}

    public static double ms(long nanos) {
        return nanos / 1e6;
    }

    public static double percentileMs(Histogram h, double percentile) {
        return h.getTotalCount() == 0 ? Double.NaN : ms(h.getValueAtPercentile(percentile));
    }

    /** count, mean, p50, p90, p99, p99.9 and max in milliseconds. */
    public static Map<String, Object> summary(Histogram h) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("count", h.getTotalCount());
        if (h.getTotalCount() == 0) {
            return s;
        }
        s.put("mean_ms", round(h.getMean() / 1e6));
        s.put("p50_ms", round(percentileMs(h, 50)));
        s.put("p90_ms", round(percentileMs(h, 90)));
        s.put("p99_ms", round(percentileMs(h, 99)));
        s.put("p999_ms", round(percentileMs(h, 99.9)));
        s.put("max_ms", round(ms(h.getMaxValue())));
        return s;
    }

    public static double round(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return value;
        }
        return Math.round(value * 100) / 100.0;
    }

    /** "12.3 ms" or "n/a". */
    public static String fmtMs(double value) {
        return Double.isNaN(value) ? "n/a" : String.format(java.util.Locale.ROOT, "%.1f ms", value);
    }
}
