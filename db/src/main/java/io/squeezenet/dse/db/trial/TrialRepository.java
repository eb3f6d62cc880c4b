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

    boolean existsBySweepIdAndStatusIn(long sweepId, java.util.Collection<TrialStatus> statuses);

    long countByStatus(TrialStatus status);

    /** Trials per status of several sweeps at once, as (sweep id, status, count) rows: one query for a page. */
    @Query("select t.sweepId, t.status, count(t) from Trial t where t.sweepId in ?1 group by t.sweepId, t.status")
    List<Object[]> countByStatus(java.util.Collection<Long> sweepIds);

    /** Mean seconds of the finished trials of several sweeps, as (sweep id, seconds) rows. */
    @Query(value = "SELECT sweep_id, avg(extract(epoch FROM finished_at - started_at)) FROM trials"
            + " WHERE sweep_id IN (?1) AND status = 'SUCCEEDED' AND started_at IS NOT NULL GROUP BY sweep_id",
            nativeQuery = true)
    List<Object[]> meanTrialSeconds(java.util.Collection<Long> sweepIds);
}
