package io.squeezenet.dse.api.system;

import io.squeezenet.dse.model.architecture.InvalidDesignException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every refusal is an RFC 9457 problem body naming the field at fault; Spring's own 4xx (bad types, missing
 * bodies) come through the base class in the same format.
 */
@RestControllerAdvice
class ProblemHandler extends ResponseEntityExceptionHandler {

    @ExceptionHandler(InvalidDesignException.class)
    ProblemDetail invalidDesign(InvalidDesignException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
        problem.setTitle("Invalid design");
        problem.setProperty("field", e.field());
        return problem;
    }
}
