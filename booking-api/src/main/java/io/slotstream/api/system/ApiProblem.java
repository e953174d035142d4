package io.slotstream.api.system;

import java.net.URI;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * A domain error answered as RFC 9457 problem+json. The {@code type} URI names the problem so clients can
 * branch on it; title and detail are written for a person.
 */
public class ApiProblem extends ErrorResponseException {

    public static final String TYPE_BASE = "https://slotstream.io/problems/";

    public ApiProblem(HttpStatusCode status, String type, String title, String detail) {
        this(status, type, title, detail, Map.of());
    }

    public ApiProblem(HttpStatusCode status, String type, String title, String detail, Map<String, ?> properties) {
        super(status, problem(status, type, title, detail, properties), null);
    }

    private static ProblemDetail problem(
            HttpStatusCode status, String type, String title, String detail, Map<String, ?> properties) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create(TYPE_BASE + type));
        problem.setTitle(title);
        properties.forEach(problem::setProperty);
        return problem;
    }

    public static ApiProblem notFound(String type, String title, String detail) {
        return new ApiProblem(HttpStatus.NOT_FOUND, type, title, detail);
    }

    public static ApiProblem conflict(String type, String title, String detail) {
        return new ApiProblem(HttpStatus.CONFLICT, type, title, detail);
    }

    public static ApiProblem unprocessable(String type, String title, String detail) {
        return new ApiProblem(HttpStatus.UNPROCESSABLE_CONTENT, type, title, detail);
    }

    public static ApiProblem badRequest(String type, String title, String detail) {
        return new ApiProblem(HttpStatus.BAD_REQUEST, type, title, detail);
    }
}
