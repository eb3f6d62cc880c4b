package io.squeezenet.dse.model.search;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonValue;
import io.squeezenet.dse.model.InvalidFieldException;
import io.squeezenet.dse.model.architecture.Labels;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Early stopping of a sweep's trials on their per-epoch test accuracy, against the other trials of the sweep at the
 * same epoch so far (asynchronously: no trial waits for another).
 * <ul>
 *   <li>{@code median} (median stopping, as Optuna's MedianPruner): after {@code warmup_epochs}, a trial whose top-1
 *       is below the median of the others' at that epoch stops.</li>
 *   <li>{@code asha} (asynchronous successive halving): rungs at epochs {@code min_epochs x reduction^k}; at a rung a
 *       trial goes on only if it is in the top {@code 1/reduction} of the trials that reached that rung so far.</li>
 *   <li>{@code mo-asha}: the same rungs, ranked by non-dominated sorting on top-1 and size instead of top-1 alone.</li>
 * </ul>
 * Either decides only once {@link #MIN_PEERS} others have reached the epoch, and never at the last epoch.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Pruner(
        @JsonProperty("name") Name name,
        @JsonProperty("warmup_epochs") Integer warmupEpochs,
        @JsonProperty("min_epochs") Integer minEpochs,
        @JsonProperty("reduction") Integer reduction) {

    private static final tools.jackson.databind.json.JsonMapper JSON = tools.jackson.databind.json.JsonMapper.builder().build();

    /** A sweep's stored pruner; null when it has none. */
    public static Pruner read(String json) {
        return json == null || json.isBlank() || json.equals("null") ? null : JSON.readValue(json, Pruner.class);
    }

    /** Others that must have reached an epoch before a trial is judged there. */
    public static final int MIN_PEERS = 2;

    public enum Name {
        MEDIAN, ASHA, MO_ASHA;

        @JsonValue
        public String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        @JsonCreator
        public static Name parse(String text) {
            return Labels.parse(values(), Name::label, text, "name");
        }
    }

    public Pruner {
        if (name == null) {
            throw new InvalidFieldException("name", "is required: median, asha or mo-asha");
        }
        if (name == Name.MEDIAN) {
            warmupEpochs = warmupEpochs == null ? 1 : warmupEpochs;
            if (warmupEpochs < 0 || minEpochs != null || reduction != null) {
                throw new InvalidFieldException(warmupEpochs < 0 ? "warmup_epochs" : minEpochs != null ? "min_epochs"
                        : "reduction", "median takes warmup_epochs (an integer >= 0) only");
            }
        } else {
            minEpochs = minEpochs == null ? 1 : minEpochs;
            reduction = reduction == null ? 3 : reduction;
            if (warmupEpochs != null) {
                throw new InvalidFieldException("warmup_epochs", name.label() + " takes min_epochs and reduction");
            }
            if (minEpochs < 1) {
                throw new InvalidFieldException("min_epochs", "must be an integer >= 1, got " + minEpochs);
            }
            if (reduction < 2) {
                throw new InvalidFieldException("reduction", "must be an integer >= 2, got " + reduction);
            }
        }
    }

    /** A trial as a pruner sees it at an epoch: its top-1 then, and the size of its network (known before training). */
    public record Peer(double top1, long sizeBytes) {

        boolean dominates(Peer other) {
            return top1 >= other.top1 && sizeBytes <= other.sizeBytes
                    && (top1 > other.top1 || sizeBytes < other.sizeBytes);
        }
    }

    /**
     * Why a trial at {@code epoch} of {@code epochs} stops, given the others at that epoch; empty when it goes on.
     */
    public Optional<String> decide(int epoch, int epochs, Peer trial, List<Peer> peers) {
        if (epoch >= epochs || peers.size() < MIN_PEERS) {
            return Optional.empty();
        }
        double top1 = trial.top1();
        if (name == Name.MO_ASHA) {
            return isRung(epoch) ? outsideTheFronts(epoch, trial, peers) : Optional.empty();
        }
        if (name == Name.MEDIAN) {
            if (epoch <= warmupEpochs) {
                return Optional.empty();
            }
            double median = median(peers.stream().map(Peer::top1).toList());
            return top1 < median ? Optional.of(String.format(Locale.ROOT, "pruned at epoch %d by the median rule:"
                    + " top-1 %.4f below the median %.4f of %d other trials", epoch, top1, median, peers.size()))
                    : Optional.empty();
        }
        if (!isRung(epoch)) {
            return Optional.empty();
        }
        List<Double> all = new ArrayList<>(peers.stream().map(Peer::top1).toList());
        all.add(top1);
        all.sort(Collections.reverseOrder());
        int kept = Math.max(1, all.size() / reduction);
        double cut = all.get(kept - 1);
        return top1 < cut ? Optional.of(String.format(Locale.ROOT, "pruned at rung epoch %d by ASHA: top-1 %.4f outside"
                + " the top %d of %d trials at this rung (cut %.4f)", epoch, top1, kept, all.size(), cut))
                : Optional.empty();
    }

    /**
     * MO-ASHA (Schmucker et al., 2021): at a rung, the trials that reached it are sorted into non-dominated fronts on
     * top-1 up and size down, and a trial goes on if its front is among those holding the best {@code 1/reduction} of
     * them (the whole of the cut front goes on). Accuracy-only ASHA stops the small designs an accuracy-size front is
     * made of, because they learn slower; this keeps the best of each size.
     */
    private Optional<String> outsideTheFronts(int epoch, Peer trial, List<Peer> peers) {
        List<Peer> all = new ArrayList<>(peers);
        all.add(trial);
        int[] front = new int[all.size()];
        List<Integer> left = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            left.add(i);
        }
        for (int f = 0; !left.isEmpty(); f++) {
            List<Integer> current = left.stream().filter(i -> left.stream().noneMatch(j -> all.get(j).dominates(all.get(i))))
                    .toList();
            for (int i : current) {
                front[i] = f;
            }
            left.removeAll(current);
        }
        int kept = Math.max(1, all.size() / reduction);
        int cut = java.util.Arrays.stream(front).sorted().toArray()[kept - 1];
        int mine = front[all.size() - 1];
        return mine > cut ? Optional.of(String.format(Locale.ROOT, "pruned at rung epoch %d by MO-ASHA: top-1 %.4f at"
                + " %,d bytes is on front %d of the %d trials at this rung, behind the fronts holding the best %d",
                epoch, trial.top1(), trial.sizeBytes(), mine + 1, all.size(), kept)) : Optional.empty();
    }

    /** Epochs min_epochs x reduction^k. */
    boolean isRung(int epoch) {
        for (long r = minEpochs; r <= epoch; r *= reduction) {
            if (r == epoch) {
                return true;
            }
        }
        return false;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
