package io.squeezenet.dse.api.security;

import io.squeezenet.dse.db.token.Role;
import java.util.Objects;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.server.ResponseStatusException;

/** The token behind the current request: its name (a sweep's owner) and its role. */
public record Caller(String name, Role role) {

    /** As Spring Security holds it: the name as principal, the role and every role it includes as authorities. */
    Authentication authentication() {
        return UsernamePasswordAuthenticationToken.authenticated(this, null, java.util.Arrays.stream(Role.values())
                .filter(role::includes).map(r -> new SimpleGrantedAuthority("ROLE_" + r.name())).toList());
    }

    /** The caller of this request; null when it carries no token (an anonymous read). */
    public static Caller current() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        return auth != null && auth.getPrincipal() instanceof Caller caller ? caller : null;
    }

    /** Refuses (403) unless the caller is an admin or owns what {@code owner} owns. */
    public static void requireOwnerOrAdmin(String owner, String what) {
        Caller caller = current();
        if (caller == null || !(caller.role() == Role.ADMIN || Objects.equals(owner, caller.name()))) {
            throw new ResponseStatusException(HttpStatus.FORBIDDEN, what + " belongs to "
                    + (owner == null ? "no token" : "token '" + owner + "'") + ": only its owner or an admin may change it");
        }
    }
}
