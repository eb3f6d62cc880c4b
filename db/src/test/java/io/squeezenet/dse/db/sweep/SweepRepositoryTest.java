package io.squeezenet.dse.db.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import io.squeezenet.dse.dbtests.DbTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The baseline a CI run's regression gate compares with, across the change of the stored training's form. */
class SweepRepositoryTest extends DbTest {

    @Autowired
    SweepRepository sweeps;

    /** As bd02bc0 stored it: the recipe still held the worker's placement, always 0 and auto in a sweep. */
    static final String STORED_BEFORE = "{\"dataset\":\"synthetic\",\"epochs\":2,\"threads\":0,\"device\":\"auto\",\"seeds\":[1]}";
    static final String STORED_NOW = "{\"dataset\":\"synthetic\",\"epochs\":2,\"seeds\":[1]}";

    @Test
    void aPassingSweepStoredBeforePlacementLeftTheRecipeIsStillABaseline() {
        Sweep before = new Sweep("nightly before", "ci-mini-sr", "{}", STORED_BEFORE, null, true, null, 1);
        before.setGates("{\"passed\": true}");
        long id = sweeps.save(before).getId();
        Sweep other = new Sweep("other recipe", "ci-mini-sr", "{}", STORED_BEFORE.replace("\"epochs\":2", "\"epochs\":3"),
                null, true, null, 1);
        other.setGates("{\"passed\": true}");
        sweeps.save(other);

        assertThat(sweeps.findPassing(id + 100, "ci-mini-sr", STORED_NOW)).extracting(Sweep::getId).containsExactly(id);
        assertThat(sweeps.findPassing(id + 100, "ci-mini-pct", STORED_NOW)).as("another preset").isEmpty();
    }
}
