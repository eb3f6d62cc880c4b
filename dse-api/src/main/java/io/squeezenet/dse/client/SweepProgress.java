package io.squeezenet.dse.client;

import io.squeezenet.dse.api.sweep.SweepStatus;
import io.squeezenet.dse.api.sweep.SweepView;
import io.squeezenet.dse.api.trial.TrialView;
import io.squeezenet.dse.db.trial.TrialStatus;
import io.squeezenet.dse.model.architecture.Variant;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/**
 * Follows a sweep for a person at a terminal: polls it once a second and redraws one status line (a bar, the trial
 * running now and its epoch, the ETA) until no trial is queued or running; one line per change when not a terminal.
 */
public final class SweepProgress {
    private static final int WIDTH = 20;
    private final ServiceClient client;
    private final PrintWriter err;
    private final int epochs;
    private final boolean terminal = System.console() != null;
    private String last = "";

    /** {@code epochs}: per trial, for the status line; 0 when unknown. */
    public SweepProgress(ServiceClient client, PrintWriter err, int epochs) {
        this.client = client;
        this.err = err;
        this.epochs = epochs;
    }

    /** Until the sweep is done; empty when {@code timeout} (null: none) ran out first. */
    public java.util.Optional<SweepView> follow(long id, java.time.Duration timeout) throws InterruptedException {
        long deadline = timeout == null ? Long.MAX_VALUE : System.nanoTime() + timeout.toNanos();
        int misses = 0;
        while (true) {
            if (System.nanoTime() - deadline > 0) {
                if (terminal) {
                    err.println();
                }
                return java.util.Optional.empty();
            }
            SweepView s;
            TrialView t;
            try {
                s = client.sweep(id);
                List<TrialView> running = client.running(id);
                t = running.isEmpty() ? null : client.trial(running.get(0).id());
                misses = 0;
            } catch (ServiceClient.Refused e) {
                // one lost poll (a busy database) is no reason to abandon the run; a minute of them is
                if (++misses >= 60) {
                    throw e;
                }
                Thread.sleep(1000);
                continue;
            }
            long finished = s.counts().entrySet().stream().filter(e -> e.getKey().finished())
                    .mapToLong(java.util.Map.Entry::getValue).sum();
            String now = "";
            if (t != null) {
                long epoch = t.epochs() == null ? 0 : t.epochs().stream().filter(e -> e.attempt() == t.attempt()).count();
                now = epochs <= 0 ? String.format(Locale.ROOT, "  now: %s seed %d, epoch %d", design(t), t.seed(), epoch + 1)
                        : String.format(Locale.ROOT, "  now: %s seed %d, epoch %d/%d", design(t), t.seed(),
                                Math.min(epoch + 1, epochs), epochs);
            }
            // a search's progress counts the trials its budget will queue, not only those queued so far
            long planned = s.plannedTrials();
            int filled = (int) Math.min(WIDTH, WIDTH * finished / Math.max(1, planned));
            String line = String.format(Locale.ROOT, "[%s%s] %d/%d trials%s%s", "#".repeat(filled),
                    ".".repeat(WIDTH - filled), finished, planned, now,
                    s.etaSeconds() == null ? "" : "  ETA " + duration(s.etaSeconds()));
            if (terminal) {
                err.print("\r" + line + "   ");
            } else if (!line.equals(last)) {
                err.println(line);
            }
            err.flush();
            last = line;
            // a cancelled sweep is done once its running trial has stopped
            if (s.status() != SweepStatus.QUEUED && s.status() != SweepStatus.RUNNING
                    && s.counts().get(TrialStatus.RUNNING) == 0) {
                if (terminal) {
                    err.println();
                }
                return java.util.Optional.of(s);
            }
            Thread.sleep(1000);
        }
    }

    private static String design(TrialView t) {
        var m = t.metaparameters();
        return String.format(Locale.ROOT, "SR %s pct_3x3 %s bypass %s%s", m.squeezeRatio(), m.pct3x3(), m.bypass(),
                m.variant() == Variant.V1_0 ? "" : " " + m.variant());
    }

    public static String duration(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
