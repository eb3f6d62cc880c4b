package io.squeezenet.dse.api.system;

import io.squeezenet.dse.api.security.RequestBodyLimit;
import io.squeezenet.dse.api.sweep.SweepPlanner;
import io.squeezenet.dse.db.sweep.NoSuchSweepException;
import io.squeezenet.dse.model.InvalidFieldException;
import io.squeezenet.dse.model.dataset.DatasetException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;

/**
 * Every refusal is an RFC 9457 problem body naming the field at fault. Spring's own 4xx (missing bodies, wrong
 * media types, bad path variables) come through the base class in the same format; a body Jackson refused names
 * the JSON path at fault in the API's words ({@link BodyProblem}).
 */
@RestControllerAdvice
class ProblemHandler extends ResponseEntityExceptionHandler {

    @ExceptionHandler(InvalidFieldException.class)
    ResponseEntity<ProblemDetail> invalidField(InvalidFieldException e) {
        return send(problem("Invalid request", e.getMessage(), e.field()));
    }

    /** A quota, not a mistake: the same request succeeds once some of the caller's queued trials have run. */
    @ExceptionHandler(SweepPlanner.QueueQuotaException.class)
    ResponseEntity<ProblemDetail> queueQuota(SweepPlanner.QueueQuotaException e) {
        ProblemDetail problem = problem("Queue quota reached", e.getMessage(), e.field());
        problem.setStatus(HttpStatus.TOO_MANY_REQUESTS);
        return send(problem);
    }

    /** One 404 for every endpoint under a sweep, answered as Spring answers a ResponseStatusException. */
    @ExceptionHandler(NoSuchSweepException.class)
    ResponseEntity<Object> noSuchSweep(NoSuchSweepException e, WebRequest request) {
        return handleErrorResponseException(new ResponseStatusException(HttpStatus.NOT_FOUND, e.getMessage()),
                new HttpHeaders(), HttpStatus.NOT_FOUND, request);
    }

    @ExceptionHandler(DatasetException.class)
    ResponseEntity<ProblemDetail> unreadableDataset(DatasetException e) {
        return send(problem("Unreadable dataset", e.getMessage(), "training.data_dir"));
    }

    /** A query parameter or path variable of the wrong type: named, with what was given, in the API's words. */
    @Override
    protected ResponseEntity<Object> handleTypeMismatch(org.springframework.beans.TypeMismatchException ex,
                                                        HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        String field = ex instanceof org.springframework.web.method.annotation.MethodArgumentTypeMismatchException m
                ? m.getName() : String.valueOf(ex.getPropertyName());
        Object value = ex.getValue();
        String given = value instanceof Object[] many ? (many.length > 1 ? "it " + many.length + " times"
                : "'" + java.util.Arrays.toString(many) + "'") : "'" + value + "'";
        Class<?> type = ex.getRequiredType();
        String expected = type == int.class || type == long.class || type == Integer.class || type == Long.class
                ? "an integer" : "a single valid value";
        ProblemDetail body = problem("Invalid request", field + ": expected " + expected + ", got " + given, field);
        return handleExceptionInternal(ex, body, headers, HttpStatus.BAD_REQUEST, request);
    }

    /** As problem+json whatever the Accept header says (see {@link #handleExceptionInternal}). */
    private static ResponseEntity<ProblemDetail> send(ProblemDetail problem) {
        return ResponseEntity.status(problem.getStatus()).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex, HttpHeaders headers,
                                                                  HttpStatusCode status, WebRequest request) {
        ProblemDetail body;
        Throwable tooLarge = ex;
        while (tooLarge != null && !(tooLarge instanceof RequestBodyLimit.BodyTooLargeException)) {
            tooLarge = tooLarge.getCause();
        }
        if (tooLarge != null) {
            body = problem("Request body too large", tooLarge.getMessage(), "body");
            body.setStatus(HttpStatus.CONTENT_TOO_LARGE);
            return handleExceptionInternal(ex, body, headers, HttpStatus.CONTENT_TOO_LARGE, request);
        }
        if (ex.getCause() instanceof JacksonException json) {
            BodyProblem refused = BodyProblem.of(json);
            body = problem("Malformed request body", refused.field() + ": " + refused.detail(), refused.field());
        } else {
            body = problem("Malformed request body", "a JSON body is required", "body");
        }
        return handleExceptionInternal(ex, body, headers, HttpStatus.BAD_REQUEST, request);
    }

    /**
     * Every problem goes out as problem+json even when the request's Accept header names only other types (a client
     * asking for a PNG still learns why it got none): a preset Content-Type skips content negotiation.
     */
    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception ex, Object body, HttpHeaders headers,
                                                             HttpStatusCode statusCode, WebRequest request) {
        HttpHeaders problemHeaders = new HttpHeaders();
        problemHeaders.putAll(headers);
        problemHeaders.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        return super.handleExceptionInternal(ex, body, problemHeaders, statusCode, request);
    }

    private static ProblemDetail problem(String title, String detail, String field) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
        problem.setTitle(title);
        problem.setProperty("field", field);
        return problem;
    }
}
