package io.slotstream.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The templates in nginx/, the placeholders NginxConfig fills and the ones the Docker image sets agree. */
class NginxConfigTests {

    static final Path NGINX = LocalStack.checkout().resolve("nginx");
    static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{(NGINX_[A-Z0-9_]+)}");

    @Test
    void everyTemplateInTheCheckoutIsRenderedAndEveryPlaceholderHasAValue() throws IOException {
        Set<String> files = new TreeSet<>();
        Set<String> used = new TreeSet<>();
        try (Stream<Path> templates = Files.walk(NGINX.resolve("templates"))) {
            for (Path template : templates.filter(p -> p.toString().endsWith(".template")).toList()) {
                String relative = NGINX.resolve("templates").relativize(template).toString();
                files.add(relative.substring(0, relative.length() - ".template".length()));
                Matcher matcher = PLACEHOLDER.matcher(Files.readString(template));
                while (matcher.find()) {
                    used.add(matcher.group(1));
                }
            }
        }
        assertThat(files).containsExactlyInAnyOrderElementsOf(NginxConfig.FILES);
        assertThat(used).containsExactlyInAnyOrderElementsOf(NginxConfig.PLACEHOLDERS);
    }

    @Test
    void theDockerImageSetsEveryPlaceholder() throws IOException {
        String dockerfile = Files.readString(NGINX.resolve("Dockerfile"));
        assertThat(NginxConfig.PLACEHOLDERS).allSatisfy(name -> assertThat(dockerfile).contains(name + "="));
        assertThat(dockerfile).contains("NGINX_ENVSUBST_FILTER=^NGINX_", "NGINX_ENVSUBST_OUTPUT_DIR=/etc/nginx");
    }

    @Test
    void rendersTheLocalValuesAndRefusesAMissingOne(@TempDir Path run) throws IOException {
        NginxProcess.Site site = new NginxProcess.Site(18080, List.of(18081, 18082), List.of(18083), run);
        Path conf = NginxConfig.render(NginxProcess.values(site, run), run.resolve("conf"));
        assertThat(conf).isEqualTo(run.resolve("conf/nginx.conf"));
        String upstreams = Files.readString(run.resolve("conf/slotstream/upstreams.conf"));
        assertThat(upstreams).contains("server 127.0.0.1:18081 ", "server 127.0.0.1:18082 ", "server 127.0.0.1:18083 ");
        assertThat(Files.readString(run.resolve("conf/slotstream/site.conf"))).contains("listen 127.0.0.1:18080;");
        for (String file : NginxConfig.FILES) {
            assertThat(PLACEHOLDER.matcher(Files.readString(run.resolve("conf").resolve(file))).find()).as(file).isFalse();
        }

        Map<String, String> incomplete = new HashMap<>(NginxProcess.values(site, run));
        incomplete.remove("NGINX_LISTEN");
        assertThatThrownBy(() -> NginxConfig.render(incomplete, run.resolve("other")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("NGINX_LISTEN");
    }
}
