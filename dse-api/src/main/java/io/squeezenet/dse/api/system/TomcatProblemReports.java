package io.squeezenet.dse.api.system;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Requests Tomcat refuses before any servlet sees them (a NUL in the path, headers over the size limit) get Tomcat's
 * own HTML error page; here they get a problem+json instead, so every 4xx of the service has one form.
 */
@Component
class TomcatProblemReports implements WebServerFactoryCustomizer<TomcatServletWebServerFactory> {

    @Override
    public void customize(TomcatServletWebServerFactory factory) {
        factory.addContextCustomizers(context -> ((org.apache.catalina.core.StandardHost) context.getParent())
                .setErrorReportValveClass(ProblemReportValve.class.getName()));
    }

    /** Writes the status as a problem body; never the exception or the server's name and version. */
    public static class ProblemReportValve extends ErrorReportValve {

        @Override
        protected void report(Request request, Response response, Throwable throwable) {
            int status = response.getStatus();
            if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
                return;
            }
            HttpStatus known = HttpStatus.resolve(status);
            String title = known == null ? "Error" : known.getReasonPhrase();
            try {
                response.setContentType("application/problem+json");
                response.setCharacterEncoding(StandardCharsets.UTF_8.name());
                Writer out = response.getReporter();
                if (out != null) {
                    String detail = status < 500 ? "the request was refused before it reached the API: its path or"
                            + " headers are malformed or too large" : "the server could not complete the request";
                    out.write("{\"type\":\"about:blank\",\"title\":\"" + title + "\",\"status\":" + status
                            + ",\"detail\":\"" + detail + "\"}");
                }
            } catch (IOException | IllegalStateException e) {
                // the connection is gone or the response committed: nothing more to say
            }
        }
    }
}
