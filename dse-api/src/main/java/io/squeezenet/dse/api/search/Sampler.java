package io.squeezenet.dse.api.search;

import io.squeezenet.dse.db.search.Proposal;
import io.squeezenet.dse.model.architecture.Metaparameters;
import java.util.List;
import java.util.Random;

/**
 * Where a search's next design comes from. Asked one design at a time with the designs evaluated so far (in the order
 * proposed) and a seeded random source, so the same results give the same proposals; the caller checks the design
 * against the constraints and the designs already proposed, and asks again when it is refused.
 */
public interface Sampler {

    /**
     * The next design's coded point.
     *
     * @param refused designs a constraint refused so far: a sampler that models the space learns to avoid them
     */
    double[] propose(CodedSpace space, List<Observation> evaluated, List<Metaparameters> refused, Random random);

    /** Who proposes, given what has been evaluated: a model-based sampler draws at random until it has enough. */
    Proposal.Origin origin(List<Observation> evaluated);

    /** Seeded uniform draws. */
    Sampler RANDOM = new Sampler() {
        @Override
        public double[] propose(CodedSpace space, List<Observation> evaluated, List<Metaparameters> refused,
                                Random random) {
            return space.draw(random);
        }

        @Override
        public Proposal.Origin origin(List<Observation> evaluated) {
            return Proposal.Origin.RANDOM;
        }
    };
}
