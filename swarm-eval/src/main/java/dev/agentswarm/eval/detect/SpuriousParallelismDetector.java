package dev.agentswarm.eval.detect;

import dev.agentswarm.report.StageReport;
import dev.agentswarm.report.SwarmResult;
import dev.agentswarm.report.TaskResult;
import dev.agentswarm.report.TaskStatus;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Spurious parallelism: parallel tasks that do not pay. Flagged when either
 * <ul>
 *   <li><b>many tasks, few completed</b>: at least {@code minTasks} tasks (default 4) and a finish rate
 *       {@code completed / assigned} below {@code minFinishRate} (default 0.5); or</li>
 *   <li><b>near-duplicate prompts</b>: two tasks of the same stage whose prompts have a Jaccard similarity of word
 *       {@code k}-shingles (default k = 3) of at least {@code similarityThreshold} (default 0.8).</li>
 * </ul>
 * Words are the maximal runs of letters and digits, lower-cased; a prompt shorter than k words is one shingle of all
 * its words. {@code J(A, B) = |A ∩ B| / |A ∪ B|}, and 1 when both are empty. The finding's value is the finish rate.
 */
public final class SpuriousParallelismDetector {

    /** The detector's name in findings. */
    public static final String NAME = "spurious_parallelism";

    private final int minTasks;
    private final double minFinishRate;
    private final double similarityThreshold;
    private final int shingleSize;

    /** A detector with the defaults: 4 tasks, finish rate 0.5, similarity 0.8, 3-word shingles. */
    public SpuriousParallelismDetector() {
        this(4, 0.5, 0.8, 3);
    }

    /**
     * @param minTasks the tasks from which a low finish rate counts, at least 1
     * @param minFinishRate the finish rate below which many tasks are spurious, in [0, 1]
     * @param similarityThreshold the Jaccard similarity from which two prompts are near-duplicates, in (0, 1]
     * @param shingleSize the words per shingle, at least 1
     * @throws IllegalArgumentException if a parameter is out of range
     */
    public SpuriousParallelismDetector(
            int minTasks, double minFinishRate, double similarityThreshold, int shingleSize) {
        if (minTasks < 1
                || !(minFinishRate >= 0 && minFinishRate <= 1)
                || !(similarityThreshold > 0 && similarityThreshold <= 1)
                || shingleSize < 1) {
            throw new IllegalArgumentException("spurious-parallelism parameters out of range: minTasks=" + minTasks
                    + " (>= 1), minFinishRate=" + minFinishRate + " ([0,1]), similarityThreshold="
                    + similarityThreshold + " ((0,1]), shingleSize=" + shingleSize + " (>= 1)");
        }
        this.minTasks = minTasks;
        this.minFinishRate = minFinishRate;
        this.similarityThreshold = similarityThreshold;
        this.shingleSize = shingleSize;
    }

    /**
     * @param result a run
     * @return the finding; value = completed / assigned (1 for a run without tasks)
     */
    public Finding detect(SwarmResult result) {
        List<TaskResult> tasks = result.tasks();
        long completed =
                tasks.stream().filter(t -> t.status() == TaskStatus.COMPLETED).count();
        double finishRate = tasks.isEmpty() ? 1.0 : (double) completed / tasks.size();
        List<String> details = new ArrayList<>();
        boolean lowFinish = tasks.size() >= minTasks && finishRate < minFinishRate;
        if (lowFinish) {
            details.add(completed + " of " + tasks.size() + " tasks completed (finish rate " + finishRate + " < "
                    + minFinishRate + ")");
        }
        for (StageReport stage : result.report().stages()) {
            List<TaskResult> st = stage.tasks();
            for (int i = 0; i < st.size(); i++) {
                for (int j = i + 1; j < st.size(); j++) {
                    double sim = jaccard(st.get(i).prompt(), st.get(j).prompt(), shingleSize);
                    if (sim >= similarityThreshold) {
                        details.add("near-duplicate prompts " + st.get(i).taskId() + " ~ "
                                + st.get(j).taskId() + " (Jaccard " + String.format(Locale.ROOT, "%.3f", sim) + ")");
                    }
                }
            }
        }
        return new Finding(NAME, !details.isEmpty(), finishRate, details);
    }

    /**
     * The Jaccard similarity of the word k-shingles of two texts.
     *
     * @param a a text
     * @param b another text
     * @param k words per shingle, at least 1
     * @return |A ∩ B| / |A ∪ B|, 1 when both texts have no words
     */
    public static double jaccard(String a, String b, int k) {
        Set<String> sa = shingles(a, k);
        Set<String> sb = shingles(b, k);
        if (sa.isEmpty() && sb.isEmpty()) {
            return 1.0;
        }
        Set<String> inter = new HashSet<>(sa);
        inter.retainAll(sb);
        Set<String> union = new HashSet<>(sa);
        union.addAll(sb);
        return (double) inter.size() / union.size();
    }

    /**
     * @param text a text
     * @param k words per shingle
     * @return its word k-shingles
     */
    static Set<String> shingles(String text, int k) {
        List<String> words = new ArrayList<>();
        for (String w : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
            if (!w.isEmpty()) {
                words.add(w);
            }
        }
        Set<String> out = new HashSet<>();
        if (words.isEmpty()) {
            return out;
        }
        if (words.size() < k) {
            out.add(String.join(" ", words));
            return out;
        }
        for (int i = 0; i + k <= words.size(); i++) {
            out.add(String.join(" ", words.subList(i, i + k)));
        }
        return out;
    }
}
