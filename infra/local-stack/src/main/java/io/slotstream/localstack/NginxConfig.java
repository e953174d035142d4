package io.slotstream.localstack;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders the real nginx configuration ({@code nginx/templates} in the checkout, packaged in this module under
 * {@code slotstream-nginx/}) with the values of one run. The production image fills the same {@code ${NGINX_*}}
 * placeholders with envsubst; here every placeholder must have a value, so a new one cannot be forgotten.
 */
public final class NginxConfig {

    /** The template files, relative to {@code nginx/templates}, without their {@code .template} suffix. */
    public static final List<String> FILES = List.of(
            "nginx.conf",
            "slotstream/upstreams.conf",
            "slotstream/limits.conf",
            "slotstream/site.conf",
            "slotstream/snippets/security-headers.inc",
            "slotstream/snippets/proxy.inc");

    /** Every placeholder the templates use. */
    public static final List<String> PLACEHOLDERS = List.of(
            "NGINX_USER", "NGINX_WORKER_PROCESSES", "NGINX_PID_FILE", "NGINX_ERROR_LOG", "NGINX_ACCESS_LOG",
            "NGINX_TEMP_DIR", "NGINX_LISTEN", "NGINX_STATIC_ROOT", "NGINX_BOOKING_API_SERVERS", "NGINX_PUSH_SERVERS");

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{(NGINX_[A-Z0-9_]+)}");
    private static final String RESOURCE_ROOT = "/slotstream-nginx/";

    private NginxConfig() {}

    /** Writes every file under {@code confDirectory} and returns the path of the main {@code nginx.conf}. */
    public static Path render(Map<String, String> values, Path confDirectory) {
        TreeSet<String> missing = new TreeSet<>(PLACEHOLDERS);
        missing.removeAll(values.keySet());
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("no value for " + missing);
        }
        try {
            for (String file : FILES) {
                Path target = confDirectory.resolve(file);
                Files.createDirectories(target.getParent());
                Files.writeString(target, substitute(template(file), values, file));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the nginx configuration to " + confDirectory, e);
        }
        return confDirectory.resolve("nginx.conf");
    }

    static String template(String file) {
        String resource = RESOURCE_ROOT + file + ".template";
        try (InputStream in = NginxConfig.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("nginx template " + resource + " is not on the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String substitute(String template, Map<String, String> values, String file) {
        Matcher matcher = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String value = values.get(matcher.group(1));
            if (value == null) {
                throw new IllegalArgumentException(file + " uses ${" + matcher.group(1) + "}, which has no value");
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(out);
        return out.toString();
    }
}
