package io.squeezenet.dse.api.search;

import io.squeezenet.dse.db.search.Proposal;
import io.squeezenet.dse.model.architecture.InvalidDesignException;
import io.squeezenet.dse.model.architecture.Metaparameters;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;

/**
 * The ask loop every strategy shares: the sampler proposes, and each proposal is checked, for free, before it may be
 * trained: whether its metaparameters build a network, whether it repeats a design already proposed, and whether it
 * keeps the constraints (from the layer table). A refused proposal is counted, the sampler is told, and asked again.
 */
public final class Proposer {

    /** Proposals per design wanted before the search gives up on a space or constraints too tight. */
    static final int PROPOSALS_PER_DESIGN = 200;

    private Proposer() {
    }

    /** A proposal kept in the study's record: queued for training, or refused by a constraint (with why). */
    public record Step(Metaparameters design, Proposal.Origin origin, Proposal.Outcome outcome, String reason) {
    }

    /**
     * What one ask came to: the steps recorded, in order, and the counts of everything proposed. {@code stopped}: why
     * the proposals ran out before {@code wanted} designs were found, null when they did not.
     */
    public record Asked(List<Step> steps, int proposals, int constrained, int invalid, int duplicates,
                        String stopped) {

        /** No ask yet: an external search when it is posted. */
        public static final Asked NONE = new Asked(List.of(), 0, 0, 0, 0, null);

        public List<Metaparameters> queued() {
            return steps.stream().filter(s -> s.outcome() == Proposal.Outcome.QUEUED).map(Step::design).toList();
        }
    }

    /**
     * @param proposed  the designs proposed before (a repeat of one is refused)
     * @param violation why a design may not be trained (a constraint, a per-trial cap), or empty when it may
     */
    public static Asked ask(CodedSpace space, Sampler sampler, List<Observation> evaluated, Set<Metaparameters> proposed,
                            List<Metaparameters> refusedBefore, int wanted, Random random,
                            Function<Metaparameters, Optional<String>> violation) {
        Set<Metaparameters> seen = new HashSet<>(proposed);
        List<Metaparameters> refused = new ArrayList<>(refusedBefore);
        List<Step> steps = new ArrayList<>();
        int limit = Math.max(1000, wanted * PROPOSALS_PER_DESIGN);
        int proposals = 0;
        int queued = 0;
        int constrained = 0;
        int invalid = 0;
        int duplicates = 0;
        Proposal.Origin origin = sampler.origin(evaluated);
        while (queued < wanted && proposals < limit) {
            proposals++;
            Metaparameters m;
            try {
                m = space.design(sampler.propose(space, evaluated, refused, random));
            } catch (InvalidDesignException e) {
                invalid++;
                continue;
            }
            if (!seen.add(m)) {
                duplicates++;
                continue;
            }
            Optional<String> reason = violation.apply(m);
            if (reason.isPresent()) {
                constrained++;
                refused.add(m);
                steps.add(new Step(m, origin, Proposal.Outcome.CONSTRAINED, reason.get()));
                continue;
            }
            queued++;
            steps.add(new Step(m, origin, Proposal.Outcome.QUEUED, null));
        }
        return new Asked(List.copyOf(steps), proposals, constrained, invalid, duplicates, queued == wanted ? null
                : String.format(java.util.Locale.ROOT, "%d proposals found only %d of the %d designs wanted (%d broke a"
                + " constraint%s, %d could not be built, %d repeated): loosen the constraints, widen the space or lower"
                + " the budget", proposals, queued, wanted, constrained, lastReason(steps), invalid, duplicates));
    }

    private static String lastReason(List<Step> steps) {
        return steps.stream().filter(s -> s.reason() != null).reduce((a, b) -> b).map(s -> ", e.g. " + s.reason())
                .orElse("");
    }
}
