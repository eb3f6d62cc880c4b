package io.squeezenet.dse.api.event;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * {@code GET /api/v1/events[?sweep_id=]}: live changes as server-sent events ({@code sweep}, {@code trial},
 * {@code epoch}; {@link ChangeEvent}), for dashboards and notebooks instead of polling. Each says what changed, not
 * the new state: read the sweep or trial it names.
 */
@RestController
@RequestMapping("/api/v1/events")
class EventController {

    private final ChangeEvents events;

    EventController(ChangeEvents events) {
        this.events = events;
    }

    @GetMapping(produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter events(@RequestParam(name = "sweep_id", required = false) Long sweepId) {
        return events.subscribe(sweepId);
    }
}
