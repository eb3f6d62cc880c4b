package io.squeezenet.dse.api.system;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Errors raised outside the controllers (a path the firewall refuses, a {@code sendError} from a filter) reach the
 * servlet container's error page: here, a problem+json like every other refusal, whatever the request's Accept
 * header, in place of Boot's HTML or bare JSON. Called directly, {@code /error} is a path like any unknown one: 404.
 */
@RestController
class ProblemErrorController implements ErrorController {

    @RequestMapping("${server.error.path:/error}")
    ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        HttpStatus status = code instanceof Integer c && HttpStatus.resolve(c) != null ? HttpStatus.valueOf(c)
                : HttpStatus.NOT_FOUND;
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, switch (status) {
            case NOT_FOUND -> "no such resource";
            case BAD_REQUEST -> "the request was refused: its path, headers or body are malformed";
            default -> status.getReasonPhrase();
        });
        problem.setInstance(URI.create(uri instanceof String u && u.matches("[\\x21-\\x7e]*") ? u : "/"));
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }
}
