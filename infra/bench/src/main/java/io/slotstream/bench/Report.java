package io.slotstream.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** Writes a run's results: Markdown (also printed), JSON, a self-contained HTML report with SVG plots, and PNGs. */
final class Report {

    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private Report() {}

    /** Writes every file into {@code dir}; returns the Markdown summary. */
    static String write(Results r, Path dir) throws IOException {
        Files.createDirectories(dir);
        String markdown = markdown(r);
        Files.writeString(dir.resolve("summary.md"), markdown);
        Files.writeString(dir.resolve("results.json"), JSON.writeValueAsString(json(r)));
        List<Chart> charts = charts(r);
        Files.writeString(dir.resolve("report.html"), html(r, markdown, charts));
        String[] files = {"latency-over-time.png", "latency-distribution.png", "throughput.png", "cpu.png", "latency-histogram.png"};
        for (int i = 0; i < Math.min(files.length, charts.size()); i++) {
            charts.get(i).png(dir.resolve(files[i]));
        }
        return markdown;
    }

    static Map<String, Object> json(Results r) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("scenario", r.scenario.toString());
        root.put("environment", r.environment);
        root.put("phases", r.phases);
        root.put("http_statuses", r.statuses);
        root.put("throughput", r.throughput);
        Map<String, Object> lat = new LinkedHashMap<>();
        for (LatencySeries s : r.latencies) {
            lat.put(s.name(), Stats.summary(s.total()));
        }
        root.put("latency", lat);
        root.put("delivery", r.delivery);
        root.put("outbox_drain", r.outboxDrain.isEmpty() ? null : r.outboxDrain);
        root.put("websocket_capacity", r.wsCapacity.isEmpty() ? null : r.wsCapacity);
        root.put("correctness", r.correctness == null ? null : r.correctness.asMap());
        root.put("processes", r.processes);
        root.put("limits", r.limits);
        List<Map<String, Object>> ratios = new ArrayList<>();
        for (Results.Ratio ratio : r.ratios) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("product", ratio.product());
            m.put("product_value", finite(ratio.productValue()));
            m.put("limit", ratio.limit());
            m.put("limit_value", finite(ratio.limitValue()));
            m.put("unit", ratio.unit());
            m.put("ratio", finite(Stats.round(ratio.ratio() * 1000) / 1000));
            m.put("note", ratio.note());
            ratios.add(m);
        }
        root.put("ratios", ratios);
        List<Map<String, Object>> checks = new ArrayList<>();
        for (Results.Check c : r.checks) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("target", c.target());
            m.put("measured", c.measured());
            m.put("met", c.met());
            checks.add(m);
        }
        root.put("targets", checks);
        Map<String, Object> series = new LinkedHashMap<>();
        for (RateSeries s : r.rates) {
            series.put(s.name() + " per second", s.perSecond());
        }
        for (LatencySeries s : r.latencies) {
            Map<Integer, Object> perSecond = new LinkedHashMap<>();
            s.perSecond().forEach((sec, h) -> perSecond.put(sec, Stats.summary(h)));
            series.put(s.name() + " per second", perSecond);
        }
        root.put("series", series);
        return root;
    }

    private static Object finite(double v) {
        return Double.isNaN(v) || Double.isInfinite(v) ? null : v;
    }

    static String markdown(Results r) {
        StringBuilder md = new StringBuilder();
        Scenario s = r.scenario;
        md.append("# Booking rush: ").append(s.name()).append("\n\n");
        md.append(String.format(Locale.ROOT, "%,d attempts by %,d users on %,d slots (capacity %d), %,d listeners, %s, concurrency %d.%n%n",
                s.plannedAttempts(), s.users(), s.slots(), s.capacity(), s.listeners(),
                s.constantRate() ? "constant " + s.rate() + " requests/s (latency from the intended send time)" : "as fast as possible",
                s.concurrency()));
        md.append("Machine: ").append(r.environment.get("machine")).append("; load average before ")
                .append(r.environment.get("load_before")).append(", after ").append(r.environment.get("load_after")).append(".\n\n");

        md.append("## Targets\n\n| target | measured | met |\n| --- | --- | --- |\n");
        for (Results.Check c : r.checks) {
            md.append("| ").append(c.target()).append(" | ").append(c.measured()).append(" | ")
                    .append(c.met() == null ? "n/a" : c.met() ? "yes" : "**no**").append(" |\n");
        }
        md.append("\nHTTP answers to the booking POSTs: ").append(r.statuses).append(".\n");
        md.append("\n## Throughput\n\n| figure | value |\n| --- | --- |\n");
        r.throughput.forEach((k, v) -> md.append("| ").append(k).append(" | ").append(v).append(" |\n"));

        md.append("\n## Latency (ms)\n\n| what | count | p50 | p90 | p99 | p99.9 | max |\n| --- | --- | --- | --- | --- | --- | --- |\n");
        for (LatencySeries l : r.latencies) {
            Histogram h = l.total();
            md.append(String.format(Locale.ROOT, "| %s | %,d | %s | %s | %s | %s | %s |%n", l.name(), h.getTotalCount(),
                    f(Stats.percentileMs(h, 50)), f(Stats.percentileMs(h, 90)), f(Stats.percentileMs(h, 99)),
                    f(Stats.percentileMs(h, 99.9)), h.getTotalCount() == 0 ? "n/a" : f(Stats.ms(h.getMaxValue()))));
        }
        if (!r.delivery.isEmpty()) {
            md.append("\n## WebSocket delivery\n\n| figure | value |\n| --- | --- |\n");
            r.delivery.forEach((k, v) -> md.append("| ").append(k).append(" | ").append(v).append(" |\n"));
        }
        if (!r.outboxDrain.isEmpty()) {
            md.append("\n## Outbox relay draining a backlog\n\n| figure | value |\n| --- | --- |\n");
            r.outboxDrain.forEach((k, v) -> md.append("| ").append(k.replace('_', ' ')).append(" | ").append(v).append(" |\n"));
        }
        if (!r.wsCapacity.isEmpty()) {
            md.append("\n## WebSocket capacity of one push-service\n\n| figure | value |\n| --- | --- |\n");
            r.wsCapacity.forEach((k, v) -> md.append("| ").append(k.replace('_', ' ')).append(" | ").append(v).append(" |\n"));
        }
        if (r.correctness != null) {
            md.append("\n## Correctness after the drain: ").append(r.correctness.ok() ? "OK" : "**FAILED**")
                    .append("\n\n| check | value |\n| --- | --- |\n");
            r.correctness.asMap().forEach((k, v) -> md.append("| ").append(k).append(" | ").append(v == null ? "n/a" : v).append(" |\n"));
        }
        if (!r.ratios.isEmpty()) {
            md.append("\n## Product against the limits of its parts (same run, same machine)\n\n")
                    .append("| product figure | value | limit | value | ratio |\n| --- | --- | --- | --- | --- |\n");
            for (Results.Ratio ratio : r.ratios) {
                md.append(String.format(Locale.ROOT, "| %s | %s %s | %s | %s %s | **%s** |%n", ratio.product(), num(ratio.productValue()),
                        ratio.unit(), ratio.limit(), num(ratio.limitValue()), ratio.unit(),
                        Double.isNaN(ratio.ratio()) ? "n/a" : String.format(Locale.ROOT, "%.2f", ratio.ratio())));
            }
        }
        if (!r.processes.isEmpty()) {
            md.append("\n## CPU and memory per process (during the load)\n\n| process | CPU cores mean | CPU cores peak | RSS peak MB |\n| --- | --- | --- | --- |\n");
            r.processes.forEach((name, m) -> md.append("| ").append(name).append(" | ").append(m.get("cpu_cores_mean")).append(" | ")
                    .append(m.get("cpu_cores_peak")).append(" | ").append(m.get("rss_mb_peak")).append(" |\n"));
        }
        md.append("\n## Phases (s)\n\n");
        r.phases.forEach((k, v) -> md.append("- ").append(k).append(": ").append(v).append("\n"));
        return md.toString();
    }

    private static String f(double ms) {
        return Double.isNaN(ms) ? "n/a" : String.format(Locale.ROOT, "%.1f", ms);
    }

    private static String num(double v) {
        if (Double.isNaN(v)) {
            return "n/a";
        }
        return Math.abs(v) >= 100 ? String.format(Locale.ROOT, "%,.0f", v) : String.format(Locale.ROOT, "%.1f", v);
    }

    static List<Chart> charts(Results r) {
        List<Chart> charts = new ArrayList<>();
        Chart overTime = new Chart("Latency percentiles over time (by intended send second)", "second of the run", "ms (log)", false, true);
        for (String name : List.of("POST /api/bookings", "POST to own decision (WebSocket)", "decision to broadcast (listeners)")) {
            LatencySeries l = r.latency(name);
            if (l == null) {
                continue;
            }
            Map<Integer, Histogram> perSecond = l.perSecond();
            for (double p : new double[] {50, 99}) {
                double[] xs = perSecond.keySet().stream().mapToDouble(Integer::doubleValue).toArray();
                double[] ys = perSecond.values().stream().mapToDouble(h -> Stats.percentileMs(h, p)).toArray();
                overTime.add(new Chart.Series(shortName(name) + " p" + (int) p, xs, ys));
            }
        }
        charts.add(overTime);

        Chart distribution = new Chart("Latency by percentile", "percentile (log of 1/(1-p)): 0=p0, 1=p90, 2=p99, 3=p99.9", "ms (log)", false, true);
        for (LatencySeries l : r.latencies) {
            Histogram h = l.total();
            if (h.getTotalCount() == 0) {
                continue;
            }
            List<double[]> points = new ArrayList<>();
            for (double nines = 0; nines <= 3.5; nines += 0.05) {
                double p = 100 * (1 - Math.pow(10, -nines));
                points.add(new double[] {nines, Stats.percentileMs(h, p)});
            }
            distribution.add(new Chart.Series(shortName(l.name()), points.stream().mapToDouble(d -> d[0]).toArray(),
                    points.stream().mapToDouble(d -> d[1]).toArray()));
        }
        charts.add(distribution);

        Chart throughput = new Chart("Throughput over time", "second of the run", "per second", false, false);
        for (RateSeries s : r.rates) {
            Map<Integer, Long> perSecond = s.perSecond();
            throughput.add(new Chart.Series(s.name(), perSecond.keySet().stream().mapToDouble(Integer::doubleValue).toArray(),
                    perSecond.values().stream().mapToDouble(Long::doubleValue).toArray()));
        }
        charts.add(throughput);

        Chart cpu = new Chart("CPU per process", "second of the run", "cores", false, false);
        r.processSamples.forEach((name, samples) -> cpu.add(new Chart.Series(shortName(name),
                samples.stream().mapToDouble(ProcessSampler.Sample::atSeconds).toArray(),
                samples.stream().mapToDouble(ProcessSampler.Sample::cpuCores).toArray())));
        charts.add(cpu);

        LatencySeries own = r.latency("POST to own decision (WebSocket)");
        LatencySeries post = r.latency("POST /api/bookings");
        Chart histogram = new Chart("Latency histogram (counts per 10 ms bucket, first 1 s)", "ms", "requests", true, false);
        for (LatencySeries l : new LatencySeries[] {post, own}) {
            if (l == null || l.count() == 0) {
                continue;
            }
            Histogram h = l.total();
            double[] xs = new double[100];
            double[] ys = new double[100];
            for (int b = 0; b < 100; b++) {
                xs[b] = b * 10;
                ys[b] = h.getCountBetweenValues(b * 10_000_000L, (b + 1) * 10_000_000L - 1);
            }
            histogram.add(new Chart.Series(shortName(l.name()), xs, ys));
        }
        charts.add(histogram);
        return charts;
    }

    private static String shortName(String name) {
        return name.replace("POST /api/bookings", "POST").replace(" (WebSocket)", "").replace(" (listeners)", "")
                .replace(" (this JVM)", "").replace(" (all backends)", "");
    }

    static String html(Results r, String markdown, List<Chart> charts) {
        StringBuilder h = new StringBuilder();
        h.append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Booking rush: ")
                .append(Html.escape(r.scenario.name())).append("</title><style>")
                .append("body{font-family:sans-serif;max-width:1000px;margin:2em auto;color:#222}")
                .append("table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:4px 8px;text-align:left}")
                .append("svg{max-width:100%;height:auto;border:1px solid #eee;margin:1em 0}</style></head><body>");
        for (Chart chart : charts) {
            h.append("<figure>").append(chart.svg()).append("<figcaption>").append(Html.escape(chart.title())).append("</figcaption></figure>");
        }
        h.append(markdownToHtml(markdown));
        h.append("</body></html>\n");
        return h.toString();
    }

    /** Just enough Markdown (headings, tables, lists, paragraphs, bold) for the summary this class writes. */
    static String markdownToHtml(String markdown) {
        StringBuilder out = new StringBuilder();
        boolean inTable = false;
        boolean inList = false;
        for (String line : markdown.split("\n")) {
            String esc = Html.escape(line).replaceAll("\\*\\*(.+?)\\*\\*", "<b>$1</b>");
            if (inTable && !line.startsWith("|")) {
                out.append("</table>");
                inTable = false;
            }
            if (inList && !line.startsWith("- ")) {
                out.append("</ul>");
                inList = false;
            }
            if (line.startsWith("# ")) {
                out.append("<h1>").append(esc.substring(2)).append("</h1>");
            } else if (line.startsWith("## ")) {
                out.append("<h2>").append(esc.substring(3)).append("</h2>");
            } else if (line.startsWith("|")) {
                if (line.startsWith("| ---")) {
                    continue;
                }
                String tag = inTable ? "td" : "th";
                if (!inTable) {
                    out.append("<table>");
                    inTable = true;
                }
                out.append("<tr>");
                String[] cells = esc.substring(1, esc.length() - 1).split("\\|");
                for (String cell : cells) {
                    out.append('<').append(tag).append('>').append(cell.trim()).append("</").append(tag).append('>');
                }
                out.append("</tr>");
            } else if (line.startsWith("- ")) {
                if (!inList) {
                    out.append("<ul>");
                    inList = true;
                }
                out.append("<li>").append(esc.substring(2)).append("</li>");
            } else if (!line.isBlank()) {
                out.append("<p>").append(esc).append("</p>");
            }
        }
        if (inTable) {
            out.append("</table>");
        }
        if (inList) {
            out.append("</ul>");
        }
        return out.toString();
    }
}
