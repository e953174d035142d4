package io.slotstream.api.system;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.Writer;
import org.apache.catalina.Host;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.boot.tomcat.TomcatContextCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.web.firewall.RequestRejectedHandler;

/**
 * Requests refused before they reach a controller still get problem+json. Two places answer on their own otherwise:
 * Spring Security's firewall (an encoded {@code %25} or {@code ;} in the path: Boot's JSON error page) and Tomcat
 * itself (an encoded {@code /} or a NUL in the path: Tomcat's HTML error page). Both are malformed requests, 400.
 */
@Configuration(proxyBeanMethods = false)
class MalformedRequestProblems {

    static final String BODY = "{\"type\":\"" + ApiProblem.TYPE_BASE + "malformed-request\",\"title\":\"Malformed request\","
            + "\"status\":%d,\"detail\":\"The request's URL or headers are not acceptable: %s.\"}";

    /** Picked up by Spring Security's filter chain in place of its default, which answers with a bare status. */
    @Bean
    RequestRejectedHandler problemRequestRejectedHandler() {
        return (request, response, rejected) -> {
            response.setStatus(HttpStatus.BAD_REQUEST.value());
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            response.getWriter().write(BODY.formatted(400, "characters that are not allowed in a URL"));
        };
    }

    @Bean
    TomcatContextCustomizer problemErrorReportValve() {
        return context -> {
            Host host = (Host) context.getParent();
            if (host instanceof StandardHost standard) {
                standard.setErrorReportValveClass(ProblemErrorReportValve.class.getName());
            }
        };
    }

    /** Tomcat's last word on a request it refused itself, written as problem+json instead of an HTML page. */
    public static final class ProblemErrorReportValve extends ErrorReportValve {

        @Override
        protected void report(Request request, Response response, Throwable throwable) {
            int status = response.getStatus();
            if (status < 400 || response.getContentWritten() > 0) {
                return;
            }
            try {
                response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
                response.setCharacterEncoding("UTF-8");
                Writer writer = response.getReporter();
                if (writer != null) {
                    String reason = status == HttpServletResponse.SC_BAD_REQUEST ? "the request is malformed" : "status " + status;
                    writer.write(BODY.formatted(status, reason));
                    response.finishResponse();
                }
            } catch (IOException | IllegalStateException ignored) {
                // the connection is gone or the response already committed: nothing more to say
            }
        }
    }
}
