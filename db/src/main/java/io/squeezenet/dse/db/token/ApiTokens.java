package io.squeezenet.dse.db.token;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The API's tokens: created (the token returned once), looked up by the token, listed, revoked. */
@Component
public class ApiTokens {

    /** A token as the service knows it: never the token itself. */
    public record ApiToken(String name, Role role, OffsetDateTime createdAt, OffsetDateTime lastUsedAt) {
    }

    /** A new token: the only time the token itself is available. */
    public record Created(ApiToken token, String secret) {
    }

    /** Tokens start with this, so one pasted somewhere it should not be is easy to recognise and to scan for. */
    static final String PREFIX = "dse_";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcClient jdbc;

    public ApiTokens(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Creates a token; empty when the name is taken. */
    public Optional<Created> create(String name, Role role) {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return create(name, role, PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
    }

    /** Stores a given token (an operator's, from the cluster's env file); empty when the name is taken. */
    public Optional<Created> create(String name, Role role, String secret) {
        try {
            ApiToken token = jdbc.sql("""
                    INSERT INTO api_tokens (name, role, token_sha256) VALUES (?, ?, ?)
                    RETURNING name, role, created_at, last_used_at""")
                    .params(name, role.label(), sha256(secret))
                    .query((rs, n) -> row(rs)).single();
            return Optional.of(new Created(token, secret));
        } catch (DuplicateKeyException taken) {
            return Optional.empty();
        }
    }

    /** The token {@code secret} belongs to, recording its use (at most once a minute, to spare writes). */
    public Optional<ApiToken> authenticate(String secret) {
        String hash = sha256(secret);
        Optional<ApiToken> token = jdbc.sql("SELECT name, role, created_at, last_used_at FROM api_tokens"
                + " WHERE token_sha256 = ?").param(hash).query((rs, n) -> row(rs)).optional();
        // a write at most once a minute per token (a dashboard polling every second must not write a row each
        // time), decided on the database's clock like the stamp itself
        token.ifPresent(t -> jdbc.sql("""
                UPDATE api_tokens SET last_used_at = now() WHERE token_sha256 = ?
                  AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')""")
                .param(hash).update());
        return token;
    }

    public List<ApiToken> list() {
        return jdbc.sql("SELECT name, role, created_at, last_used_at FROM api_tokens ORDER BY name")
                .query((rs, n) -> row(rs)).list();
    }

    public boolean anyWith(Role role) {
        return jdbc.sql("SELECT count(*) FROM api_tokens WHERE role = ?").param(role.label()).query(Long.class)
                .single() > 0;
    }

    /** Revokes (deletes) a token; false when there is none of that name. */
    public boolean revoke(String name) {
        return jdbc.sql("DELETE FROM api_tokens WHERE name = ?").param(name).update() == 1;
    }

    private static ApiToken row(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new ApiToken(rs.getString("name"), Role.parse(rs.getString("role")),
                rs.getObject("created_at", OffsetDateTime.class), rs.getObject("last_used_at", OffsetDateTime.class));
    }

    static String sha256(String secret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }
}
