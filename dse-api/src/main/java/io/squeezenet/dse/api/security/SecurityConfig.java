package io.squeezenet.dse.api.security;

import io.squeezenet.dse.api.dashboard.DashboardController;
import io.squeezenet.dse.db.token.ApiTokens;
import jakarta.servlet.DispatcherType;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpMethod;
import org.springframework.security.authorization.AuthorityAuthorizationManager;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationManagers;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;

/**
 * Who may call what. Bearer tokens only (no cookies, no sessions, so no cross-site request can act for a user and
 * CSRF protection has nothing to protect); roles nest: reader (GET), writer (also submit sweeps and change its own),
 * admin (anything, tokens and metrics included). Health stays open for load balancers and compose.
 */
@Configuration
@EnableWebSecurity
class SecurityConfig {

    /** The endpoints a writer may call beyond reading; ownership of the sweep is checked by the controller. */
    static final String[] SWEEP_WRITES = {"/api/v1/sweeps", "/api/v1/sweeps/*/cancel", "/api/v1/sweeps/*/retry-failed",
            "/api/v1/sweeps/*/gates", "/api/v1/sweeps/*/designs"};

    /** A read despite its method: it plans a sweep's body and stores nothing. */
    static final String PREVIEW = "/api/v1/sweeps/preview";

    @Bean
    SecurityFilterChain api(HttpSecurity http, ApiTokens tokens, Problems problems, SecuritySettings settings,
                            Environment env) throws Exception {
        boolean anonymousReads = anonymousReads(settings, env.getProperty("server.address"));
        // with loopback, each token-free read must also come from this machine by a local name (DNS rebinding)
        LocalRequest local = settings.anonymousReads() == SecuritySettings.AnonymousReads.ALWAYS ? null
                : new LocalRequest(settings.localHosts());
        AuthorizationManager<RequestAuthorizationContext> read = AuthorizationManagers.anyOf(
                AuthorityAuthorizationManager.hasRole("READER"),
                (authentication, context) -> new AuthorizationDecision(local == null || local.refusal(context.getRequest()) == null));
        http.csrf(c -> c.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .httpBasic(b -> b.disable())
                .formLogin(f -> f.disable())
                .logout(l -> l.disable())
                .requestCache(r -> r.disable())
                // the dashboard loads only its own scripts: a sweep name that slipped into markup could not run
                .headers(h -> h.contentSecurityPolicy(c -> c.policyDirectives("default-src 'self'; img-src 'self' data:;"
                        + " style-src 'self' 'unsafe-inline'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'")))
                .addFilterBefore(new BearerTokenFilter(tokens, problems), AnonymousAuthenticationFilter.class)
                .exceptionHandling(e -> e
                        .authenticationEntryPoint((request, response, ex) -> problems.unauthorized(request, response,
                                request.getMethod() + " " + request.getRequestURI() + " needs a token:"
                                        + " Authorization: Bearer <token> (./dse up wrote an admin token to"
                                        + " <data-dir>/admin-token)" + whyNotLocal(anonymousReads, local, request)))
                        .accessDeniedHandler((request, response, ex) -> problems.forbidden(request, response,
                                request.getMethod() + " " + request.getRequestURI() + " needs a token with a"
                                        + " higher role (" + required(request) + ")")))
                .authorizeHttpRequests(a -> {
                    a.dispatcherTypeMatchers(DispatcherType.ERROR).permitAll();
                    a.requestMatchers("/actuator/health", "/actuator/health/**").permitAll();
                    a.requestMatchers(HttpMethod.GET, DashboardController.PAGES).permitAll();
                    a.requestMatchers("/actuator/**").hasRole("ADMIN");
                    a.requestMatchers("/api/v1/tokens", "/api/v1/tokens/**").hasRole("ADMIN");
                    if (anonymousReads) {
                        a.requestMatchers(HttpMethod.GET).access(read);
                        a.requestMatchers(HttpMethod.HEAD).access(read);
                        a.requestMatchers(HttpMethod.POST, PREVIEW).access(read);
                    } else {
                        a.requestMatchers(HttpMethod.GET).hasRole("READER");
                        a.requestMatchers(HttpMethod.HEAD).hasRole("READER");
                        a.requestMatchers(HttpMethod.POST, PREVIEW).hasRole("READER");
                    }
                    a.requestMatchers(HttpMethod.POST, SWEEP_WRITES).hasRole("WRITER");
                    a.requestMatchers(HttpMethod.DELETE, "/api/v1/sweeps/*").hasRole("WRITER");
                    a.anyRequest().hasRole("ADMIN");
                });
        return http.build();
    }

    /** Why a read that would need no token from this machine needed one: said in the 401, so a user can fix it. */
    private static String whyNotLocal(boolean anonymousReads, LocalRequest local,
                                      jakarta.servlet.http.HttpServletRequest request) {
        String refusal = anonymousReads && local != null ? local.refusal(request) : null;
        return refusal == null ? "" : "; reads without one are answered only for this machine, and " + refusal;
    }

    private static String required(jakarta.servlet.http.HttpServletRequest request) {
        String path = request.getRequestURI();
        if (path.startsWith("/api/v1/tokens") || path.startsWith("/actuator")) {
            return "admin";
        }
        return "GET".equals(request.getMethod()) ? "reader" : "writer or admin";
    }

    /** With {@code loopback}: allowed only while bound to a loopback address (no address = every interface). */
    static boolean anonymousReads(SecuritySettings settings, String serverAddress) {
        return switch (settings.anonymousReads()) {
            case ALWAYS -> true;
            case NEVER -> false;
            case LOOPBACK -> {
                if (serverAddress == null || serverAddress.isBlank()) {
                    yield false;
                }
                try {
                    yield InetAddress.getByName(serverAddress).isLoopbackAddress();
                } catch (UnknownHostException e) {
                    yield false;
                }
            }
        };
    }
}
