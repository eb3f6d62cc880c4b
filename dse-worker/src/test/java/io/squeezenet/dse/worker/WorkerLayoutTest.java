package io.squeezenet.dse.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.squeezenet.dse.model.architecture.Architecture;
import io.squeezenet.dse.model.architecture.InputShape;
import io.squeezenet.dse.model.architecture.Metaparameters;
import io.squeezenet.dse.model.architecture.Stem;
import java.lang.management.MemoryUsage;
import org.junit.jupiter.api.Test;

/** The layout a machine gets, and which trials a worker on a shared GPU admits: logic only, no GPU needed. */
class WorkerLayoutTest {

    private static final long GIB = 1L << 30;

    @Test
    void theCpuGetsOneTrialAtATimeWithEveryCoreUnlessAskedForMore() {
        assertThat(WorkerLayout.auto(2, 0)).isEqualTo(new WorkerLayout(1, 2, 0));
        assertThat(WorkerLayout.auto(16, 0)).isEqualTo(new WorkerLayout(1, 16, 0));
        assertThat(WorkerLayout.auto(2, 0).describe()).isEqualTo("1 trial at once, 2 threads each, on the CPU");
        assertThat(WorkerLayout.of(2, 2, 0).describe()).isEqualTo("2 trials at once, 1 thread each, on the CPU");
    }

    @Test
    void gpusAreSharedByTwoProcessesEachAndDevicesGoRoundThem() {
        WorkerLayout layout = WorkerLayout.auto(8, 2);
        assertThat(layout).isEqualTo(new WorkerLayout(4, 2, 2));
        assertThat(java.util.stream.IntStream.range(0, 4).mapToObj(layout::device))
                .containsExactly("gpu:0", "gpu:1", "gpu:0", "gpu:1");
        assertThat(WorkerLayout.of(3, 2, 0)).as("more trials than cores: one thread each").isEqualTo(new WorkerLayout(3, 1, 0));
        assertThat(WorkerLayout.settings(0)).containsExactly("--dse.worker.enabled=false");
        assertThat(WorkerLayout.settings(null)).contains("--dse.worker.processes=0");
        assertThatThrownBy(() -> new WorkerLayout(0, 1, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aWorkerOnASharedGpuAdmitsWhatFitsItsFreeMemoryLessTheReserve() {
        GpuAdmission admission = GpuAdmission.DEFAULT;
        // a 16 GiB GPU on which other processes use 10 GiB: 6 GiB free, 0.5 GiB reserved, 90% of the rest
        long budget = admission.budget(new MemoryUsage(-1, 10 * GIB, 10 * GIB, 16 * GIB), 0);
        assertThat(budget).isEqualTo((long) ((6 * GIB - (512L << 20)) * 0.9));
        // what this process's allocator still caches from its last trial is its own to reuse
        assertThat(admission.budget(new MemoryUsage(-1, 10 * GIB, 10 * GIB, 16 * GIB), GIB)).isGreaterThan(budget);
        assertThat(admission.budget(new MemoryUsage(-1, 16 * GIB, 16 * GIB, 16 * GIB), 0)).as("a full GPU").isZero();

        // v1.0 at batch 64 on 3x32x32 fits beside others; at batch 4096 on 3x224x224 it must wait for a free GPU
        Metaparameters v10 = Metaparameters.SQUEEZENET_V1_0;
        long small = Architecture.derive(v10, Stem.SMALL, InputShape.parse("3x32x32"), 10).trainingMemoryBytes(64);
        long large = Architecture.derive(v10, Stem.PAPER, InputShape.parse("3x224x224"), 1000).trainingMemoryBytes(4096);
        assertThat(small).isLessThan(budget);
        assertThat(large).isGreaterThan(admission.budget(new MemoryUsage(-1, 0, 0, 16 * GIB), 0));
        assertThatThrownBy(() -> new GpuAdmission(-1, 0.9)).isInstanceOf(IllegalArgumentException.class);
    }
}
