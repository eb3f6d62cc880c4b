package io.squeezenet.dse.api.token;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.squeezenet.dse.db.token.ApiTokens;
import io.squeezenet.dse.db.token.Role;
import io.squeezenet.dse.model.InvalidFieldException;
import java.net.URI;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/** API tokens (admin only): create one (its token is in the answer, and nowhere ever again), list, revoke. */
@RestController
@RequestMapping("/api/v1/tokens")
public class TokenController {

    static final Pattern NAME = Pattern.compile("[A-Za-z0-9._@-]{1,100}");

    private final ApiTokens tokens;

    TokenController(ApiTokens tokens) {
        this.tokens = tokens;
    }

    public record TokenRequest(@JsonProperty("name") String name, @JsonProperty("role") Role role) {
    }

    public record TokenView(@JsonProperty("name") String name, @JsonProperty("role") Role role,
                     @JsonProperty("created_at") OffsetDateTime createdAt,
                     @JsonProperty("last_used_at") OffsetDateTime lastUsedAt) {

        static TokenView of(ApiTokens.ApiToken t) {
            return new TokenView(t.name(), t.role(), t.createdAt(), t.lastUsedAt());
        }
    }

    /** The one answer that carries the token. */
    public record CreatedView(@JsonProperty("name") String name, @JsonProperty("role") Role role,
                       @JsonProperty("token") String token, @JsonProperty("created_at") OffsetDateTime createdAt) {
    }

    @PostMapping
    ResponseEntity<CreatedView> create(@RequestBody TokenRequest request) {
        if (request.name() == null || !NAME.matcher(request.name()).matches()) {
            throw new InvalidFieldException("name", "must be 1 to 100 letters, digits or . _ @ -");
        }
        if (request.role() == null) {
            throw new InvalidFieldException("role", "is required: one of [reader, writer, admin]");
        }
        ApiTokens.Created created = tokens.create(request.name(), request.role())
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.CONFLICT, "a token named '" + request.name()
                        + "' exists; revoke it first (DELETE /api/v1/tokens/" + request.name() + ") or choose another name"));
        return ResponseEntity.created(URI.create("/api/v1/tokens/" + request.name())).body(new CreatedView(
                created.token().name(), created.token().role(), created.secret(), created.token().createdAt()));
    }

    @GetMapping
    List<TokenView> list() {
        return tokens.list().stream().map(TokenView::of).toList();
    }

    @DeleteMapping("/{name}")
    ResponseEntity<Void> revoke(@PathVariable String name) {
        if (!tokens.revoke(name)) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "no token named '" + name + "'");
        }
        return ResponseEntity.noContent().build();
    }
}
