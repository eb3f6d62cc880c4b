package io.squeezenet.dse.api.security;

import io.squeezenet.dse.db.token.ApiTokens;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpHeaders;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * {@code Authorization: Bearer <token>}: a known token authenticates the request as its {@link Caller}; a header
 * that is malformed or names no token is refused with 401 at once (never treated as anonymous). No header: the
 * request goes on anonymous, and the rules decide.
 */
class BearerTokenFilter extends OncePerRequestFilter {

    private final ApiTokens tokens;
    private final Problems problems;

    BearerTokenFilter(ApiTokens tokens, Problems problems) {
        this.tokens = tokens;
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header != null) {
            String[] parts = header.strip().split("\\s+");
            if (parts.length != 2 || !parts[0].equalsIgnoreCase("Bearer")) {
                problems.unauthorized(request, response, "the Authorization header must be 'Bearer <token>'");
                return;
            }
            var token = parts[1].length() > 200 ? java.util.Optional.<ApiTokens.ApiToken>empty()
                    : tokens.authenticate(parts[1]);
            if (token.isEmpty()) {
                problems.unauthorized(request, response, "the token is not known here (revoked, or mistyped)");
                return;
            }
            SecurityContextHolder.getContext().setAuthentication(
                    new Caller(token.get().name(), token.get().role()).authentication());
        }
        chain.doFilter(request, response);
    }
}
