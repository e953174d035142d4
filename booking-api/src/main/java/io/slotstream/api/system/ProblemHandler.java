package io.slotstream.api.system;

import jakarta.validation.ConstraintViolationException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * Turns every error into {@code application/problem+json} with a title and a detail a person can act on. No
 * error reaches the client as a 500 with a stack trace; unexpected ones are logged here with their cause.
 */
@RestControllerAdvice
class ProblemHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

    @Override
    protected @Nullable ResponseEntity<Object> handleHttpMessageNotReadable(
            HttpMessageNotReadableException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "invalid-body", "Invalid request body", describe(ex));
        return handleExceptionInternal(ex, problem, headers, HttpStatus.BAD_REQUEST, request);
    }

    @Override
    protected @Nullable ResponseEntity<Object> handleMethodArgumentNotValid(
            MethodArgumentNotValidException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<Map<String, String>> errors = ex.getBindingResult().getFieldErrors().stream()
                .map(ProblemHandler::fieldError)
                .toList();
        String detail = errors.isEmpty()
                ? "The request is not valid."
                : errors.stream().map(e -> e.get("field") + " " + e.get("message")).reduce((a, b) -> a + "; " + b).orElseThrow() + ".";
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "validation", "Invalid request", detail);
        problem.setProperty("errors", errors);
        return handleExceptionInternal(ex, problem, headers, HttpStatus.BAD_REQUEST, request);
    }

    @Override
    protected @Nullable ResponseEntity<Object> handleHandlerMethodValidationException(
            HandlerMethodValidationException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        String detail = ex.getAllErrors().stream()
                .map(error -> error.getDefaultMessage() == null ? "is not valid" : error.getDefaultMessage())
                .distinct()
                .reduce((a, b) -> a + "; " + b)
                .orElse("The request is not valid.");
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "validation", "Invalid request", detail);
        return handleExceptionInternal(ex, problem, headers, HttpStatus.BAD_REQUEST, request);
    }

    @Override
    protected @Nullable ResponseEntity<Object> handleTypeMismatch(
            org.springframework.beans.TypeMismatchException ex,
            HttpHeaders headers,
            HttpStatusCode status,
            WebRequest request) {
        String name = ex instanceof MethodArgumentTypeMismatchException m ? m.getName() : ex.getPropertyName();
        String expected = ex.getRequiredType() == null ? "another type" : humanType(ex.getRequiredType());
        ProblemDetail problem = problem(
                HttpStatus.BAD_REQUEST,
                "invalid-parameter",
                "Invalid parameter",
                "Parameter '" + name + "' must be " + expected + ".");
        return handleExceptionInternal(ex, problem, headers, HttpStatus.BAD_REQUEST, request);
    }

    @Override
    protected @Nullable ResponseEntity<Object> handleServletRequestBindingException(
            org.springframework.web.bind.ServletRequestBindingException ex,
            HttpHeaders headers,
            HttpStatusCode status,
            WebRequest request) {
        String detail = ex instanceof MissingRequestHeaderException m
                ? "Header '" + m.getHeaderName() + "' is required."
                : ex.getMessage();
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request", detail);
        return handleExceptionInternal(ex, problem, headers, HttpStatus.BAD_REQUEST, request);
    }

    @ExceptionHandler(ConstraintViolationException.class)
    ProblemDetail constraintViolation(ConstraintViolationException ex) {
        String detail = ex.getConstraintViolations().stream()
                .map(v -> lastNode(v.getPropertyPath().toString()) + " " + v.getMessage())
                .sorted()
                .reduce((a, b) -> a + "; " + b)
                .orElse("The request is not valid.");
        return problem(HttpStatus.BAD_REQUEST, "validation", "Invalid request", detail);
    }

    @ExceptionHandler(DataIntegrityViolationException.class)
    ProblemDetail integrityViolation(DataIntegrityViolationException ex) {
        log.info("Refused a write that conflicts with stored data: {}", ex.getMostSpecificCause().getMessage());
        return problem(
                HttpStatus.CONFLICT,
                "conflict",
                "Conflicts with existing data",
                "The request conflicts with data that already exists.");
    }

    @ExceptionHandler({
        CannotGetJdbcConnectionException.class,
        // what a @Transactional method throws when it cannot even get its connection
        org.springframework.transaction.CannotCreateTransactionException.class,
        DataAccessResourceFailureException.class,
        TransientDataAccessException.class
    })
    ProblemDetail databaseUnavailable(Exception ex) {
        log.warn("Database unavailable: {}", ex.getMessage());
        ProblemDetail problem = problem(
                HttpStatus.SERVICE_UNAVAILABLE,
                "unavailable",
                "Temporarily unavailable",
                "The service cannot reach its database right now. Nothing was saved; please try again in a few seconds.");
        problem.setProperty("retryAfterSeconds", 5);
        return problem;
    }

    /**
     * The database went away in the middle of a transaction: a statement failed on the cut connection and the rollback
     * could not reach the server either ("JDBC rollback failed"). Nothing was committed, so this is the same 503 as a
     * database that cannot be reached at all; other transaction failures stay 500.
     */
    @ExceptionHandler(org.springframework.transaction.TransactionSystemException.class)
    ProblemDetail transactionFailed(org.springframework.transaction.TransactionSystemException ex) {
        if (KafkaConsumerConfig.databaseUnavailable(ex.getApplicationException()) || connectionLost(ex)) {
            return databaseUnavailable(ex);
        }
        return unexpected(ex);
    }

    /** SQLSTATE class 08 (connection exception) or 57P (the server shutting down or crashed) anywhere in the causes. */
    private static boolean connectionLost(Throwable ex) {
        for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
            if (cause instanceof java.sql.SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P"))) {
                return true;
            }
        }
        return false;
    }

    @ExceptionHandler(Exception.class)
    ProblemDetail unexpected(Exception ex) {
        log.error("Unexpected error", ex);
        return problem(
                HttpStatus.INTERNAL_SERVER_ERROR,
                "internal",
                "Something went wrong",
                "The request could not be completed because of an unexpected error. It has been logged.");
    }

    static ProblemDetail problem(HttpStatus status, String type, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create(ApiProblem.TYPE_BASE + type));
        problem.setTitle(title);
        return problem;
    }

    private static Map<String, String> fieldError(FieldError error) {
        return Map.of(
                "field", error.getField(),
                "message", error.getDefaultMessage() == null ? "is not valid" : error.getDefaultMessage());
    }

    private static String describe(HttpMessageNotReadableException ex) {
        Throwable cause = ex.getCause();
        if (cause instanceof UnrecognizedPropertyException unknown) {
            return "Unknown field '" + unknown.getPropertyName() + "'.";
        }
        if (cause instanceof InvalidFormatException invalid) {
            return "Field '" + path(invalid) + "' must be " + humanType(invalid.getTargetType()) + ".";
        }
        if (cause instanceof MismatchedInputException mismatched) {
            String field = path(mismatched);
            if (mismatched.getMessage() != null && mismatched.getMessage().contains("Missing required creator property")) {
                return "Field '" + field + "' is required.";
            }
            return field.isEmpty()
                    ? "The body does not have the expected shape."
                    : "Field '" + field + "' has the wrong type or shape"
                            + (mismatched.getTargetType() == null ? "." : "; expected " + humanType(mismatched.getTargetType()) + ".");
        }
        if (cause instanceof DatabindException databind && databind.getCause() instanceof IllegalArgumentException invalid) {
            return invalid.getMessage();
        }
        if (cause instanceof StreamReadException) {
            return "The body is not valid JSON.";
        }
        if (cause instanceof DatabindException databind) {
            String field = path(databind);
            return field.isEmpty() ? "The body could not be read." : "Field '" + field + "' is not valid.";
        }
        return "A JSON body is required.";
    }

    private static String path(DatabindException ex) {
        return ex.getPath().stream()
                .map(ref -> ref.getPropertyName() != null ? ref.getPropertyName() : "[" + ref.getIndex() + "]")
                .reduce((a, b) -> b.startsWith("[") ? a + b : a + "." + b)
                .orElse("");
    }

    private static String lastNode(String path) {
        int dot = path.lastIndexOf('.');
        return dot < 0 ? path : path.substring(dot + 1);
    }

    private static String humanType(Class<?> type) {
        if (type == java.util.UUID.class) {
            return "a UUID";
        }
        if (type == java.time.Instant.class || type == java.time.OffsetDateTime.class) {
            return "an ISO-8601 date-time such as 2026-12-01T09:00:00Z";
        }
        if (type == java.time.LocalDate.class) {
            return "a date such as 2026-12-01";
        }
        if (type == java.time.LocalTime.class) {
            return "a time such as 09:30";
        }
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
            return "a whole number in range";
        }
        if (type.isEnum()) {
            return "one of " + java.util.Arrays.toString(type.getEnumConstants());
        }
        if (type == String.class) {
            return "a string";
        }
        return "a valid " + type.getSimpleName();
    }
}
