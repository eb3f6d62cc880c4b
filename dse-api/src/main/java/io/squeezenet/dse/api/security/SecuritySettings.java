package io.squeezenet.dse.api.security;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Who may do what without a token ({@code dse.security.*}).
 *
 * @param anonymousReads {@code loopback} (the default): GETs without a token are allowed only while the server is
 *                       bound to a loopback address, as {@code ./dse up} is unless told {@code --bind}, and only for a
 *                       request from this machine by a local name with no proxy's headers ({@link LocalRequest});
 *                       {@code always} or {@code never} decide it outright. Writes always need a token.
 * @param adminToken     an admin token the operator chose (the cluster's env file); stored hashed as the token named
 *                       {@code admin} on start. Without it a standalone service makes one on first start and writes it
 *                       to {@code <data-dir>/admin-token}.
 * @param maxRequestBody the largest request body accepted (default 1 MiB; a 1,000-value grid list is under 20 kB):
 *                       larger ones get 413 before they are read
 * @param localHosts     with {@code loopback}: host names besides {@code localhost} and loopback addresses that a
 *                       token-free read may name in its {@code Host} (a name in /etc/hosts for this machine, say)
 */
@ConfigurationProperties("dse.security")
public record SecuritySettings(AnonymousReads anonymousReads, String adminToken, DataSize maxRequestBody,
                               java.util.List<String> localHosts) {

    public enum AnonymousReads { LOOPBACK, ALWAYS, NEVER }

    public SecuritySettings {
        anonymousReads = anonymousReads == null ? AnonymousReads.LOOPBACK : anonymousReads;
        adminToken = adminToken == null || adminToken.isBlank() ? null : adminToken.strip();
        maxRequestBody = maxRequestBody == null ? DataSize.ofMegabytes(1) : maxRequestBody;
        localHosts = localHosts == null ? java.util.List.of() : java.util.List.copyOf(localHosts);
    }
}
