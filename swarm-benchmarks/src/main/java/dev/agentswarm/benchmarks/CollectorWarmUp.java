package dev.agentswarm.benchmarks;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;

/**
 * The last part of every measuring JVM's warm-up: more warm-up runs until the garbage collector has run a few times,
 * so that its ergonomics have settled as in a service that has been up a while.
 *
 * <p>G1 sizes its young generation from the collections it has seen. A JVM whose warm-up ends after one young
 * collection keeps a young generation of 150–250 MB into the measured run, and a 100,000-task run then collects two or
 * three times inside its waves; one that has seen two or more keeps 0.8–1.2 GB (JDK 25), and the same run does not
 * collect at all. Which of the two a fixed number of warm-up runs gave was down to chance, and single 100,000-task
 * rows moved by up to 1.0 × the bound with it. The reference and the swarm rows warm up the same way.
 */
final class CollectorWarmUp {

    /** The collections a warm-up must have seen. */
    static final int COLLECTIONS = 3;

    /** The longest the extra runs may take. */
    static final Duration CAP = Duration.ofSeconds(30);

    private CollectorWarmUp() {}

    /** One warm-up run. */
    interface Run {
        void run() throws InterruptedException;
    }

    /**
     * Repeats {@code run} until the JVM has done {@link #COLLECTIONS} collections since it started, or {@link #CAP}
     * has passed.
     *
     * @param run one warm-up run, allocating as the measured run does
     * @return the runs made
     * @throws InterruptedException if interrupted
     */
    static int untilSettled(Run run) throws InterruptedException {
        long deadline = System.nanoTime() + CAP.toNanos();
        int runs = 0;
        while (collections() < COLLECTIONS && System.nanoTime() < deadline) {
            run.run();
            runs++;
        }
        return runs;
    }

    /** @return the collections of every collector since the JVM started */
    static long collections() {
        long n = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            n += Math.max(0, gc.getCollectionCount());
        }
        return n;
    }
}
