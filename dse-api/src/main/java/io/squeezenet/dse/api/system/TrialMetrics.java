package io.squeezenet.dse.api.system;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.squeezenet.dse.db.trial.TrialRepository;
import io.squeezenet.dse.db.trial.TrialStatus;
import java.util.Locale;
import org.springframework.stereotype.Component;

/** {@code dse_trials{status=...}}: trials by status, read from the database at each scrape. */
@Component
class TrialMetrics implements MeterBinder {

    private final TrialRepository trials;

    TrialMetrics(TrialRepository trials) {
        this.trials = trials;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (TrialStatus status : TrialStatus.values()) {
            Gauge.builder("dse.trials", trials, t -> t.countByStatus(status))
                    .tag("status", status.name().toLowerCase(Locale.ROOT))
                    .description("trials by status")
                    .register(registry);
        }
    }
}
