package io.squeezenet.dse.api.dashboard;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The dashboard's pages. Each is a static shell (HTML, the page's script and the bundled chart library) that holds no
 * data: the script reads the REST API with the browser's token, so the shells are open to everyone and the data keeps
 * the API's rules.
 */
@Controller
public class DashboardController {

    /** Pages, for the security rules: everything a browser loads before it calls the API. */
    public static final String[] PAGES = {"/", "/index.html", "/sweeps/*", "/trials/*", "/new", "/workers", "/*.html",
            "/assets/**", "/webjars/**", "/favicon.ico"};

    @GetMapping("/")
    String sweeps() {
        return "forward:/index.html";
    }

    @GetMapping("/sweeps/{id:\\d+}")
    String sweep() {
        return "forward:/sweep.html";
    }

    @GetMapping("/trials/{id:\\d+}")
    String trial() {
        return "forward:/trial.html";
    }

    @GetMapping("/new")
    String newSweep() {
        return "forward:/new.html";
    }

    @GetMapping("/workers")
    String workers() {
        return "forward:/workers.html";
    }
}
