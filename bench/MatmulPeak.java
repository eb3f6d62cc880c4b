import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;

/**
 * The CPU's achievable peak in our libtorch: GFLOP/s of a large float32 matrix multiply through DJL, best of
 * several runs. Run by bench/run.sh with the launcher's classpath: java -cp 'dse-api/target/lib/*' bench/MatmulPeak.java THREADS
 */
public class MatmulPeak {
    public static void main(String[] args) {
        int threads = Integer.parseInt(args[0]);
        int n = 2048;
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            JniUtils.setNumThreads(threads);
            NDArray a = manager.randomUniform(0f, 1f, new Shape(n, n));
            NDArray b = manager.randomUniform(0f, 1f, new Shape(n, n));
            double best = 0;
            for (int i = 0; i < 8; i++) {
                try (NDManager scope = manager.newSubManager()) {
                    long start = System.nanoTime();
                    NDArray c = a.matMul(b);
                    c.attach(scope);
                    c.getFloat(0, 0);
                    double seconds = (System.nanoTime() - start) / 1e9;
                    best = Math.max(best, 2.0 * n * n * n / seconds / 1e9);
                }
            }
            System.out.printf("{\"impl\": \"djl\", \"matmul_gflops\": %.1f}%n", best);
        }
    }
}
