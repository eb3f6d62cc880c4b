package io.squeezenet.dse.api.security;

import jakarta.servlet.http.HttpServletRequest;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Whether a request without a token may read: it comes from this machine, by a name of this machine, and no proxy
 * forwarded it. The bind address alone is not enough: a web page the user visits can rebind its own name to
 * 127.0.0.1 (DNS rebinding) and read through the browser, which then sends that name as {@code Host}; a reverse
 * proxy on this host makes every request loopback and says whom it forwards for in a header. Jupyter guards its
 * loopback server the same way, with a list of allowed hosts.
 */
final class LocalRequest {

    /** Headers a proxy adds: a request that carries one came from somewhere else. */
    static final List<String> FORWARDING = List.of("Forwarded", "X-Forwarded-For", "X-Forwarded-Host",
            "X-Forwarded-Proto", "X-Real-IP");

    private final Set<String> names;

    /** {@code localhost} and loopback addresses, and the names the operator lists ({@code dse.security.local-hosts}). */
    LocalRequest(List<String> listed) {
        this.names = Set.copyOf(listed.stream().map(n -> n.strip().toLowerCase(Locale.ROOT)).toList());
    }

    /** Null when the request is local, else why it is not, in a few words for the refusal. */
    String refusal(HttpServletRequest request) {
        if (!loopback(request.getRemoteAddr())) {
            return "it comes from " + request.getRemoteAddr() + ", not from this machine";
        }
        for (String header : FORWARDING) {
            if (request.getHeader(header) != null) {
                return "a proxy forwarded it (" + header + ")";
            }
        }
        String host = request.getHeader("Host");
        if (host == null || !localName(hostName(host))) {
            return "its Host " + (host == null ? "is missing" : "'" + host + "' is not a name of this machine")
                    + " (add it to dse.security.local-hosts if it is)";
        }
        return null;
    }

    /** The name in a Host header: without its port, an IPv6 literal without its brackets. */
    static String hostName(String host) {
        String h = host.strip().toLowerCase(Locale.ROOT);
        if (h.startsWith("[")) {
            int end = h.indexOf(']');
            return end < 0 ? h : h.substring(1, end);
        }
        int colon = h.lastIndexOf(':');
        return colon >= 0 && h.indexOf(':') == colon ? h.substring(0, colon) : h;
    }

    private boolean localName(String name) {
        return name.equals("localhost") || names.contains(name) || loopbackLiteral(name);
    }

    /** An address literal only: a name is never looked up, since its owner decides what it resolves to. */
    private static boolean loopbackLiteral(String name) {
        boolean literal = name.matches("\\d{1,3}(\\.\\d{1,3}){3}") || name.contains(":");
        return literal && loopback(name);
    }

    private static boolean loopback(String address) {
        try {
            return address != null && InetAddress.getByName(address).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
