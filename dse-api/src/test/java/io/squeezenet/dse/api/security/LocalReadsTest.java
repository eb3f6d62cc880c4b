package io.squeezenet.dse.api.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.squeezenet.dse.api.ApiTestSupport;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Token-free reads on a loopback server follow the request, not the bind address: a page that rebinds its own name
 * to 127.0.0.1 (DNS rebinding) or a proxy on this machine gets a 401 that says why. Sent as raw HTTP, since a
 * client library will not send a Host other than the one it connects to.
 */
class LocalReadsTest extends ApiTestSupport {

    record Answer(int status, String body) {
    }

    Answer send(String method, String path, String... headers) throws Exception {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            // HTTP/1.0: the answer ends with the connection, never chunked
            StringBuilder request = new StringBuilder(method + " " + path + " HTTP/1.0\r\n");
            for (String header : headers) {
                request.append(header).append("\r\n");
            }
            boolean post = method.equals("POST");
            request.append(post ? "Content-Type: application/json\r\nContent-Length: 2\r\n" : "")
                    .append("\r\n").append(post ? "{}" : "");
            OutputStream out = socket.getOutputStream();
            out.write(request.toString().getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            int status = Integer.parseInt(response.substring(9, 12));
            return new Answer(status, response.substring(response.indexOf("\r\n\r\n") + 4));
        }
    }

    @Test
    void localNamesReadWithoutAToken() throws Exception {
        for (String host : java.util.List.of("localhost:" + port, "127.0.0.1:" + port, "[::1]:" + port, "LOCALHOST")) {
            assertThat(send("GET", "/api/v1/sweeps", "Host: " + host).status()).as(host).isEqualTo(200);
        }
        assertThat(send("POST", "/api/v1/sweeps/preview", "Host: localhost:" + port).status())
                .as("a preview is a read").isNotIn(401, 403);
    }

    @Test
    void aForeignHostOrAProxysHeaderNeedsAToken() throws Exception {
        Answer rebound = send("GET", "/api/v1/sweeps", "Host: attacker.example:" + port);
        assertThat(rebound.status()).isEqualTo(401);
        JsonNode problem = json.readTree(rebound.body());
        assertThat(problem.get("detail").asString()).contains("needs a token", "attacker.example", "dse.security.local-hosts");
        assertThat(send("POST", "/api/v1/sweeps/preview", "Host: attacker.example").status()).isEqualTo(401);
        assertThat(send("GET", "/api/v1/sweeps", "Host: localhost:" + port, "X-Forwarded-For: 203.0.113.9").status())
                .isEqualTo(401);
        assertThat(send("GET", "/api/v1/sweeps", "Host: localhost", "Forwarded: for=203.0.113.9").status()).isEqualTo(401);
        assertThat(send("GET", "/api/v1/sweeps", "Host: 127.0.0.1.attacker.example").status()).isEqualTo(401);

        // a token reads from anywhere
        assertThat(send("GET", "/api/v1/sweeps", "Host: attacker.example", "Authorization: Bearer " + adminToken())
                .status()).isEqualTo(200);
    }

    @Test
    void theHostsNameIsReadWithoutItsPort() {
        assertThat(LocalRequest.hostName("LocalHost:8080")).isEqualTo("localhost");
        assertThat(LocalRequest.hostName("[::1]:8080")).isEqualTo("::1");
        assertThat(LocalRequest.hostName("::1")).isEqualTo("::1");
        assertThat(LocalRequest.hostName("example.org")).isEqualTo("example.org");
    }
}
