package io.slotstream.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * A small line or bar chart drawn once through {@link Canvas}, which has two implementations: inline SVG for the
 * self-contained HTML report (no script, no CDN) and Java2D for the PNGs in {@code docs/}. Both therefore show the
 * same picture.
 */
final class Chart {

    static final String[] COLORS = {"#1e88e5", "#e53935", "#43a047", "#fb8c00", "#8e24aa", "#00897b", "#6d4c41"};

    /** One line (or set of bars) of points. */
    record Series(String name, double[] xs, double[] ys) {}

    private final String title;
    private final String xLabel;
    private final String yLabel;
    private final boolean bars;
    private final boolean logY;
    private final List<Series> series = new ArrayList<>();

    Chart(String title, String xLabel, String yLabel, boolean bars, boolean logY) {
        this.title = title;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
        this.bars = bars;
        this.logY = logY;
    }

    Chart add(Series s) {
        if (s.xs().length > 0) {
            series.add(s);
        }
        return this;
    }

    String title() {
        return title;
    }

    /** What a chart is drawn on. */
    interface Canvas {
        void line(double x1, double y1, double x2, double y2, String color, double width);

        void polyline(double[] xs, double[] ys, String color, double width);

        void rect(double x, double y, double w, double h, String color);

        void text(double x, double y, String text, int size, String anchor, String color, boolean vertical);
    }

    static final int WIDTH = 900;
    static final int HEIGHT = 420;
    private static final int LEFT = 80;
    private static final int RIGHT = 200;
    private static final int TOP = 40;
    private static final int BOTTOM = 55;

    void draw(Canvas c) {
        c.rect(0, 0, WIDTH, HEIGHT, "#ffffff");
        c.text(WIDTH / 2.0, 24, title, 16, "middle", "#222222", false);
        double plotW = WIDTH - LEFT - RIGHT;
        double plotH = HEIGHT - TOP - BOTTOM;
        double xMin = Double.MAX_VALUE;
        double xMax = -Double.MAX_VALUE;
        double yMax = 0;
        double yMinPositive = Double.MAX_VALUE;
        for (Series s : series) {
            for (int i = 0; i < s.xs().length; i++) {
                if (Double.isNaN(s.ys()[i])) {
                    continue;
                }
                xMin = Math.min(xMin, s.xs()[i]);
                xMax = Math.max(xMax, s.xs()[i]);
                yMax = Math.max(yMax, s.ys()[i]);
                if (s.ys()[i] > 0) {
                    yMinPositive = Math.min(yMinPositive, s.ys()[i]);
                }
            }
        }
        if (series.isEmpty() || xMin == Double.MAX_VALUE) {
            c.text(WIDTH / 2.0, HEIGHT / 2.0, "no data", 14, "middle", "#888888", false);
            return;
        }
        if (bars) {
            xMax += 1;
        }
        if (xMax == xMin) {
            xMax = xMin + 1;
        }
        double lo = logY ? Math.pow(10, Math.floor(Math.log10(Math.max(yMinPositive, 1e-3)))) : 0;
        double hi = logY ? Math.pow(10, Math.ceil(Math.log10(Math.max(yMax, lo * 10)))) : niceCeiling(yMax);
        final double fxMin = xMin;
        final double fxMax = xMax;
        java.util.function.DoubleUnaryOperator px = x -> LEFT + (x - fxMin) / (fxMax - fxMin) * plotW;
        java.util.function.DoubleUnaryOperator py = y -> {
            double v = logY ? (Math.log10(Math.max(y, lo)) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo)) : y / hi;
            return TOP + plotH - Math.max(0, Math.min(1, v)) * plotH;
        };
        // grid and y ticks
        List<Double> ticks = new ArrayList<>();
        if (logY) {
            for (double t = lo; t <= hi * 1.0001; t *= 10) {
                ticks.add(t);
            }
        } else {
            for (int i = 0; i <= 5; i++) {
                ticks.add(hi * i / 5);
            }
        }
        for (double t : ticks) {
            double y = py.applyAsDouble(t);
            c.line(LEFT, y, LEFT + plotW, y, "#e0e0e0", 1);
            c.text(LEFT - 6, y + 4, number(t), 11, "end", "#444444", false);
        }
        for (int i = 0; i <= 6; i++) {
            double x = xMin + (xMax - xMin) * i / 6;
            double sx = px.applyAsDouble(x);
            c.line(sx, TOP + plotH, sx, TOP + plotH + 4, "#444444", 1);
            c.text(sx, TOP + plotH + 18, number(x), 11, "middle", "#444444", false);
        }
        c.line(LEFT, TOP + plotH, LEFT + plotW, TOP + plotH, "#444444", 1);
        c.line(LEFT, TOP, LEFT, TOP + plotH, "#444444", 1);
        c.text(LEFT + plotW / 2, HEIGHT - 12, xLabel, 12, "middle", "#222222", false);
        c.text(18, TOP + plotH / 2, yLabel, 12, "middle", "#222222", true);
        for (int k = 0; k < series.size(); k++) {
            Series s = series.get(k);
            String color = COLORS[k % COLORS.length];
            if (bars) {
                double barW = Math.max(1, plotW / Math.max(1, s.xs().length) * 0.8 / series.size());
                for (int i = 0; i < s.xs().length; i++) {
                    double x = px.applyAsDouble(s.xs()[i]) + k * barW;
                    double y = py.applyAsDouble(s.ys()[i]);
                    c.rect(x, y, barW, TOP + plotH - y, color);
                }
            } else {
                List<Double> xs = new ArrayList<>();
                List<Double> ys = new ArrayList<>();
                for (int i = 0; i < s.xs().length; i++) {
                    if (!Double.isNaN(s.ys()[i])) {
                        xs.add(px.applyAsDouble(s.xs()[i]));
                        ys.add(py.applyAsDouble(s.ys()[i]));
                    }
                }
                c.polyline(xs.stream().mapToDouble(Double::doubleValue).toArray(),
                        ys.stream().mapToDouble(Double::doubleValue).toArray(), color, 2);
            }
            double ly = TOP + 10 + k * 20;
            c.rect(WIDTH - RIGHT + 14, ly - 9, 14, 10, color);
            c.text(WIDTH - RIGHT + 34, ly, s.name(), 12, "start", "#222222", false);
        }
    }

    static double niceCeiling(double value) {
        if (value <= 0) {
            return 1;
        }
        double magnitude = Math.pow(10, Math.floor(Math.log10(value)));
        for (double step : new double[] {1, 2, 2.5, 5, 10}) {
            if (value <= step * magnitude) {
                return step * magnitude;
            }
        }
        return 10 * magnitude;
    }

    static String number(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e7) {
            return String.format(Locale.ROOT, "%,d", (long) v);
        }
        return Math.abs(v) >= 10 ? String.format(Locale.ROOT, "%,.0f", v) : String.format(Locale.ROOT, "%.2g", v);
    }

    String svg() {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" "
                + "font-family=\"sans-serif\">", WIDTH, HEIGHT, WIDTH, HEIGHT));
        draw(new Canvas() {
            @Override
            public void line(double x1, double y1, double x2, double y2, String color, double width) {
                out.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" stroke-width=\"%.1f\"/>",
                        x1, y1, x2, y2, color, width));
            }

            @Override
            public void polyline(double[] xs, double[] ys, String color, double width) {
                out.append("<polyline fill=\"none\" stroke=\"").append(color).append("\" stroke-width=\"").append(width).append("\" points=\"");
                for (int i = 0; i < xs.length; i++) {
                    out.append(String.format(Locale.ROOT, "%.1f,%.1f ", xs[i], ys[i]));
                }
                out.append("\"/>");
            }

            @Override
            public void rect(double x, double y, double w, double h, String color) {
                out.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"/>", x, y, w, h, color));
            }

            @Override
            public void text(double x, double y, String text, int size, String anchor, String color, boolean vertical) {
                String rotate = vertical ? String.format(Locale.ROOT, " transform=\"rotate(-90 %.1f %.1f)\"", x, y) : "";
                out.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"%d\" text-anchor=\"%s\" fill=\"%s\"%s>%s</text>",
                        x, y, size, anchor, color, rotate, Html.escape(text)));
            }
        });
        return out.append("</svg>").toString();
    }

    void png(Path file) throws IOException {
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        draw(new Canvas() {
            @Override
            public void line(double x1, double y1, double x2, double y2, String color, double width) {
                g.setColor(Color.decode(color));
                g.setStroke(new BasicStroke((float) width));
                g.drawLine((int) Math.round(x1), (int) Math.round(y1), (int) Math.round(x2), (int) Math.round(y2));
            }

            @Override
            public void polyline(double[] xs, double[] ys, String color, double width) {
                if (xs.length == 0) {
                    return;
                }
                Path2D.Double path = new Path2D.Double();
                path.moveTo(xs[0], ys[0]);
                for (int i = 1; i < xs.length; i++) {
                    path.lineTo(xs[i], ys[i]);
                }
                g.setColor(Color.decode(color));
                g.setStroke(new BasicStroke((float) width));
                g.draw(path);
            }

            @Override
            public void rect(double x, double y, double w, double h, String color) {
                g.setColor(Color.decode(color));
                g.fill(new java.awt.geom.Rectangle2D.Double(x, y, w, h));
            }

            @Override
            public void text(double x, double y, String text, int size, String anchor, String color, boolean vertical) {
                g.setColor(Color.decode(color));
                g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, size));
                int width = g.getFontMetrics().stringWidth(text);
                double shift = switch (anchor) {
                    case "middle" -> -width / 2.0;
                    case "end" -> -width;
                    default -> 0;
                };
                java.awt.geom.AffineTransform saved = g.getTransform();
                if (vertical) {
                    g.rotate(-Math.PI / 2, x, y);
                }
                g.drawString(text, (float) (x + shift), (float) y);
                g.setTransform(saved);
            }
        });
        g.dispose();
        ImageIO.write(image, "png", file.toFile());
    }
}
