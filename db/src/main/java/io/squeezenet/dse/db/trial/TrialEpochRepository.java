package io.squeezenet.dse.db.trial;

import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;

public interface TrialEpochRepository extends JpaRepository<TrialEpoch, TrialEpoch.Key> {

    List<TrialEpoch> findByKeyTrialIdOrderByKeyClaimAscKeyEpochAsc(long trialId);
}
