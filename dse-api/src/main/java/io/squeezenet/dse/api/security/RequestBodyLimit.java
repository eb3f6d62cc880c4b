package io.squeezenet.dse.api.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Caps request bodies ({@code dse.security.max-request-body}) before anything reads them, tokens included: a body
 * declared larger gets 413 unread, and one sent without a length (chunked) is read up to the cap and cut off there,
 * which the problem handler answers with 413 as well.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class RequestBodyLimit extends OncePerRequestFilter {

    /** Thrown from a read past the cap of a body sent without a length. */
    public static final class BodyTooLargeException extends IOException {
        BodyTooLargeException(long limit) {
            super("the request body is larger than the limit of " + limit + " bytes (dse.security.max-request-body)");
        }
    }

    private final SecuritySettings settings;
    private final Problems problems;

    RequestBodyLimit(SecuritySettings settings, Problems problems) {
        this.settings = settings;
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long limit = settings.maxRequestBody().toBytes();
        long declared = request.getContentLengthLong();
        if (declared > limit) {
            problems.tooLarge(request, response, "the request body has " + declared + " bytes; the limit is " + limit
                    + " bytes (dse.security.max-request-body)");
            return;
        }
        chain.doFilter(declared >= 0 ? request : new Capped(request, limit), response);
    }

    /** A request whose body stream fails once more than {@code limit} bytes have been read from it. */
    private static final class Capped extends HttpServletRequestWrapper {
        private final long limit;
        private ServletInputStream stream;

        Capped(HttpServletRequest request, long limit) {
            super(request);
            this.limit = limit;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                ServletInputStream in = super.getInputStream();
                stream = new ServletInputStream() {
                    private long read;

                    @Override
                    public int read() throws IOException {
                        int b = in.read();
                        count(b < 0 ? 0 : 1);
                        return b;
                    }

                    @Override
                    public int read(byte[] buffer, int offset, int length) throws IOException {
                        int n = in.read(buffer, offset, length);
                        count(Math.max(n, 0));
                        return n;
                    }

                    private void count(int n) throws IOException {
                        read += n;
                        if (read > limit) {
                            throw new BodyTooLargeException(limit);
                        }
                    }

                    @Override
                    public boolean isFinished() {
                        return in.isFinished();
                    }

                    @Override
                    public boolean isReady() {
                        return in.isReady();
                    }

                    @Override
                    public void setReadListener(ReadListener listener) {
                        in.setReadListener(listener);
                    }
                };
            }
            return stream;
        }

        @Override
        public java.io.BufferedReader getReader() throws IOException {
            String charset = getCharacterEncoding();
            return new java.io.BufferedReader(new java.io.InputStreamReader(getInputStream(),
                    charset == null ? java.nio.charset.StandardCharsets.UTF_8 : java.nio.charset.Charset.forName(charset)));
        }
    }
}
