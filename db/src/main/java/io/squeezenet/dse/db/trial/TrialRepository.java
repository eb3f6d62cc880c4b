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

    /**
     * What the ETA of several sweeps is estimated from, as rows of (sweep id, intercept, slope, seconds per parameter,
     * parameters queued): the line seconds = intercept + slope * params fitted to the trials trained here (not
     * reused), their plain ratio for when no line fits (one size finished), and the parameters still queued.
     */
    @Query(value = "SELECT sweep_id,"
            + " regr_intercept(extract(epoch FROM finished_at - started_at), params) FILTER (WHERE " + TRAINED + "),"
            + " regr_slope(extract(epoch FROM finished_at - started_at), params) FILTER (WHERE " + TRAINED + "),"
            + " sum(extract(epoch FROM finished_at - started_at)) FILTER (WHERE " + TRAINED + ")"
            + "   / nullif(sum(params) FILTER (WHERE " + TRAINED + "), 0),"
            + " coalesce(sum(params) FILTER (WHERE status = 'QUEUED'), 0)"
            + " FROM trials WHERE sweep_id IN (?1) GROUP BY sweep_id", nativeQuery = true)
    List<Object[]> trainingSpeed(java.util.Collection<Long> sweepIds);

    String TRAINED = "status = 'SUCCEEDED' AND reused_from IS NULL AND started_at IS NOT NULL";

    /** The running trials of several sweeps as (sweep id, params, seconds since started by the database clock). */
    @Query(value = "SELECT sweep_id, params, extract(epoch FROM now() - started_at) FROM trials"
            + " WHERE sweep_id IN (?1) AND status = 'RUNNING' AND started_at IS NOT NULL", nativeQuery = true)
    List<Object[]> runningFor(java.util.Collection<Long> sweepIds);
}
