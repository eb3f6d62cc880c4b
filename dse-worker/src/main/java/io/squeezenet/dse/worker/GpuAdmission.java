package io.squeezenet.dse.worker;

import java.lang.management.MemoryUsage;

/**
 * Memory-aware admission for worker processes sharing one GPU. Small networks leave a GPU mostly idle, so several
 * processes train on it at once ({@link WorkerLayout#PROCESSES_PER_GPU} by default); before each claim a process asks
 * the GPU how much memory is free (DJL's {@code CudaUtils.getGpuMemory}, which is {@code cudaMemGetInfo}: every
 * process's use counts) and claims only a trial whose layer-table estimate of one training step (activations kept for
 * the backward pass, weights, gradients, Adam's moments: {@code Architecture.trainingMemoryBytes}) fits in it, less a
 * reserve for a CUDA context and allocator slack. A large trial waits until memory frees; smaller ones fill the gaps.
 *
 * <p>PyTorch's caching allocator keeps what a finished trial freed for this process's next one: the GPU counts it as
 * used, so this process adds back the estimate of its own last trial ({@code ownCachedBytes}) while it is idle.
 *
 * @param reserveBytes kept free on the GPU for contexts and fragmentation
 * @param headroom     the share of the rest a claim may take (the estimate is a model, not a measurement)
 */
public record GpuAdmission(long reserveBytes, double headroom) {

    /** A CUDA context with cuDNN and cuBLAS workspaces takes 300-500 MB per process. */
    public static final GpuAdmission DEFAULT = new GpuAdmission(512L << 20, 0.9);

    public GpuAdmission {
        if (reserveBytes < 0 || !(headroom > 0 && headroom <= 1)) {
            throw new IllegalArgumentException("reserve must be >= 0 and headroom in (0, 1], got " + reserveBytes
                    + " and " + headroom);
        }
    }

    /**
     * The largest training estimate this process may claim now, given the GPU's memory as CUDA reports it; 0 when
     * nothing fits. {@code gpu.getUsed()} is every process's use, {@code gpu.getMax()} the GPU's total.
     */
    public long budget(MemoryUsage gpu, long ownCachedBytes) {
        long free = gpu.getMax() - gpu.getUsed() + Math.max(0, ownCachedBytes) - reserveBytes;
        return free <= 0 ? 0 : (long) (free * headroom);
    }
}
