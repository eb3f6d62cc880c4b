package io.squeezenet.dse.api.system;

import io.squeezenet.dse.model.architecture.InvalidDesignException;
import io.squeezenet.dse.model.dataset.DatasetException;
import java.util.stream.Collectors;
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
 * media types, bad path variables) come through the base class in the same format; unreadable JSON names the
 * JSON path Jackson stopped at.
 */
@RestControllerAdvice
class ProblemHandler extends ResponseEntityExceptionHandler {

    @ExceptionHandler(InvalidDesignException.class)
    ProblemDetail invalidDesign(InvalidDesignException e) {
        return problem("Invalid request", e.getMessage(), e.field());
    }

    @ExceptionHandler(DatasetException.class)
    ProblemDetail unreadableDataset(DatasetException e) {
        return problem("Unreadable dataset", e.getMessage(), "training.data_dir");
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex, HttpHeaders headers,
                                                                  HttpStatusCode status, WebRequest request) {
        ProblemDetail body;
        if (ex.getCause() instanceof JacksonException json && !json.getPath().isEmpty()) {
            String field = json.getPath().stream()
                    .map(r -> r.getPropertyName() != null ? r.getPropertyName() : "[" + r.getIndex() + "]")
                    .collect(Collectors.joining(".")).replace(".[", "[");
            body = problem("Malformed request body", field + ": " + json.getOriginalMessage(), field);
        } else if (ex.getCause() instanceof JacksonException json) {
            body = problem("Malformed request body", "not valid JSON: " + json.getOriginalMessage(), "body");
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
