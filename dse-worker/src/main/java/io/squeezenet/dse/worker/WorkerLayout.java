package io.squeezenet.dse.worker;

/**
 * How a machine runs a sweep's trials: how many at once, each in a worker process of its own (DJL's PyTorch engine
 * trains one model at a time per process), and how many PyTorch intra-op threads each trial gets.
 *
 * <p>On the CPU, one trial at a time with every core: on 2 cores, two 1-thread trials side by side finished Figure
 * 3a's sweep no sooner than one 2-thread trial after another, and Table 3's (three short trials) later, for the second
 * process's start and the odd trial out (bench/README.md, {@code bench/sweep.sh}). {@code --workers N} runs N side by
 * side. On GPUs, {@link #PROCESSES_PER_GPU} processes per GPU share it (small networks leave a GPU mostly idle), each
 * claiming only trials whose memory estimate fits what the GPU has free ({@link GpuAdmission}); never measured.
 *
 * @param processes    trials at once: this process and {@code processes - 1} it starts
 * @param trialThreads intra-op threads per trial
 * @param gpus         GPUs the processes are spread over (0: the CPU)
 */
public record WorkerLayout(int processes, int trialThreads, int gpus) {

    /** The most {@code --workers} accepts: each process is a JVM with its own libtorch. */
    public static final int MAX_PROCESSES = 64;
    static final int PROCESSES_PER_GPU = 2;

    public WorkerLayout {
        if (processes < 1 || trialThreads < 1 || gpus < 0) {
            throw new IllegalArgumentException("a worker layout needs processes >= 1 and trial threads >= 1, got "
                    + processes + " and " + trialThreads);
        }
    }

    /** The measured best for a machine of {@code cores} and {@code gpus}. */
    public static WorkerLayout auto(int cores, int gpus) {
        if (gpus > 0) {
            int processes = gpus * PROCESSES_PER_GPU;
            return new WorkerLayout(processes, Math.max(1, cores / processes), gpus);
        }
        return new WorkerLayout(1, Math.max(1, cores), 0);
    }

    /** {@code processes} trials at once sharing the machine's cores ({@code --workers N}). */
    public static WorkerLayout of(int processes, int cores, int gpus) {
        return new WorkerLayout(processes, Math.max(1, cores / processes), gpus);
    }

    /** For this machine: {@code requested} trials at once, or the measured best when null. */
    public static WorkerLayout forThisMachine(Integer requested) {
        int cores = Runtime.getRuntime().availableProcessors();
        int gpus = io.squeezenet.dse.model.training.Devices.gpuCount();
        return requested == null ? auto(cores, gpus) : of(requested, cores, gpus);
    }

    /** The device of the {@code i}-th process (0 is the one that starts the others). */
    public String device(int i) {
        return gpus == 0 ? "cpu" : "gpu:" + (i % gpus);
    }

    /** A service's settings for {@code workers} trials at once (null: the best for the machine; 0: none). */
    public static java.util.List<String> settings(Integer workers) {
        return workers != null && workers == 0 ? java.util.List.of("--dse.worker.enabled=false")
                : java.util.List.of("--dse.worker.enabled=true", "--dse.worker.processes=" + (workers == null ? 0 : workers));
    }

    /** For the terminal: {@code 2 trials at once, 1 thread each, on the CPU}. */
    public String describe() {
        return processes + (processes == 1 ? " trial" : " trials") + " at once, " + trialThreads
                + (trialThreads == 1 ? " thread" : " threads") + " each, on "
                + (gpus == 0 ? "the CPU" : gpus + (gpus == 1 ? " GPU" : " GPUs"));
    }
}
