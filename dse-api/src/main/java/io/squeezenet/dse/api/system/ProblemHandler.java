package io.squeezenet.dse.api.system;

import io.squeezenet.dse.api.security.RequestBodyLimit;
import io.squeezenet.dse.api.sweep.SweepPlanner;
import io.squeezenet.dse.model.InvalidFieldException;
import io.squeezenet.dse.model.dataset.DatasetException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
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
    ProblemDetail invalidField(InvalidFieldException e) {
        return problem("Invalid request", e.getMessage(), e.field());
    }

    /** A quota, not a mistake: the same request succeeds once some of the caller's queued trials have run. */
    @ExceptionHandler(SweepPlanner.QueueQuotaException.class)
    ProblemDetail queueQuota(SweepPlanner.QueueQuotaException e) {
        ProblemDetail problem = problem("Queue quota reached", e.getMessage(), e.field());
        problem.setStatus(HttpStatus.TOO_MANY_REQUESTS);
        return problem;
    }

    @ExceptionHandler(DatasetException.class)
    ProblemDetail unreadableDataset(DatasetException e) {
        return problem("Unreadable dataset", e.getMessage(), "training.data_dir");
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

    private static ProblemDetail problem(String title, String detail, String field) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
        problem.setTitle(title);
        problem.setProperty("field", field);
        return problem;
    }
}
