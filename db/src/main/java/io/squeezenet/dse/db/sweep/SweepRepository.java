package io.squeezenet.dse.db.sweep;

import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

public interface SweepRepository extends JpaRepository<Sweep, Long> {

    Optional<Sweep> findByIdempotencyKey(String idempotencyKey);

    /** The last sweep before {@code id} with the same preset and training whose gates passed: a CI run's baseline. */
    @Query(value = "SELECT * FROM sweeps WHERE id < :id AND preset IS NOT DISTINCT FROM :preset"
            + " AND training = CAST(:training AS jsonb) AND (gates ->> 'passed') = 'true' ORDER BY id DESC LIMIT 1",
            nativeQuery = true)
    Optional<Sweep> findLastPassing(@Param("id") long id, @Param("preset") String preset,
                                    @Param("training") String training);
}
