package io.squeezenet.dse.model.training;

import ai.djl.Device;
import ai.djl.engine.Engine;
import io.squeezenet.dse.model.InvalidRecipeException;

/** Device choice: {@code auto} takes the first GPU DJL's PyTorch engine sees and falls back to the CPU. */
public final class Devices {

    private Devices() {
    }

    /** Probed once per process: each probe on a machine without CUDA logs DJL's driver warning again. */
    private static final class Probe {
        static final int GPUS = Engine.getEngine("PyTorch").getGpuCount();
    }

    public static int gpuCount() {
        return Probe.GPUS;
    }

    /**
     * The one line that says where training runs: "cpu (no GPU visible to PyTorch)" or "gpu:0 (of 2 GPUs)". It
     * replaces DJL's CUDA probe warning, which the launcher's logging silences.
     */
    public static String describe(String requested) {
        Device device = resolve(requested);
        int gpus = gpuCount();
        return device.isGpu() ? "gpu:" + device.getDeviceId() + " (of " + gpus + " GPU" + (gpus == 1 ? "" : "s") + ")"
                : gpus == 0 ? "cpu (no GPU visible to PyTorch)" : "cpu (" + gpus + " GPU" + (gpus == 1 ? "" : "s")
                + " not used)";
    }

    public static Device resolve(String requested) {
        return resolve(requested, gpuCount());
    }

    static Device resolve(String requested, int gpus) {
        String r = requested == null ? "auto" : requested.trim().toLowerCase(java.util.Locale.ROOT);
        if (r.equals("auto")) {
            return gpus > 0 ? Device.gpu(0) : Device.cpu();
        }
        if (r.equals("cpu")) {
            return Device.cpu();
        }
        if (r.equals("gpu") || r.startsWith("gpu:")) {
            int id;
            try {
                id = r.equals("gpu") ? 0 : Integer.parseInt(r.substring(4));
            } catch (NumberFormatException e) {
                throw new InvalidRecipeException("device", "must be auto, cpu, gpu or gpu:N, got '" + requested + "'");
            }
            if (id < 0 || id >= gpus) {
                throw new InvalidRecipeException("device", "GPU " + id + " requested but DJL sees " + gpus + " GPU(s)");
            }
            return Device.gpu(id);
        }
        throw new InvalidRecipeException("device", "must be auto, cpu, gpu or gpu:N, got '" + requested + "'");
    }
}
