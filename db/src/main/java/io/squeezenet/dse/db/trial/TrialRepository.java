package io.squeezenet.dse.db.trial;

import java.util.List;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

public interface TrialRepository extends JpaRepository<Trial, Long> {

    Page<Trial> findBySweepId(long sweepId, Pageable pageable);

    Page<Trial> findBySweepIdAndStatus(long sweepId, TrialStatus status, Pageable pageable);

    List<Trial> findBySweepIdOrderById(long sweepId);

    /** Trials per status of one sweep, as (status, count) rows. */
    @Query("select t.status, count(t) from Trial t where t.sweepId = ?1 group by t.status")
    List<Object[]> countByStatus(long sweepId);
}
