package io.squeezenet.dse.db.sweep;

import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

public interface SweepRepository extends JpaRepository<Sweep, Long> {

    Optional<Sweep> findByIdempotencyKey(String idempotencyKey);

    /** The sweep, or {@link NoSuchSweepException} (the API's 404). */
    default Sweep require(long id) {
        return findById(id).orElseThrow(() -> new NoSuchSweepException(id));
    }

    /**
     * The latest sweeps before {@code id} with the same preset and training whose gates passed, newest first: the
     * candidates for a CI run's baseline (the caller picks the first with the same designs). Trainings stored before
     * placement left the recipe still hold threads and device (always 0 and auto): compared without them.
     */
    @Query(value = "SELECT * FROM sweeps WHERE id < :id AND preset IS NOT DISTINCT FROM CAST(:preset AS varchar)"
            + " AND training - 'threads' - 'device' = CAST(:training AS jsonb) - 'threads' - 'device'"
            + " AND (gates ->> 'passed') = 'true' ORDER BY id DESC LIMIT 20",
            nativeQuery = true)
    List<Sweep> findPassing(@Param("id") long id, @Param("preset") String preset, @Param("training") String training);
}
