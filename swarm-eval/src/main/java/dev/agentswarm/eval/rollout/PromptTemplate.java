package dev.agentswarm.eval.rollout;

import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Prompt diversification: turns a task into the prompt an episode gives the swarm, from the episode's seed. A
 * template is applied first, then the paraphrase hook; both must be pure functions of their arguments so that an
 * episode replays exactly from its seed.
 */
@FunctionalInterface
public interface PromptTemplate {

    /**
     * @param task the task
     * @param seed the episode's seed
     * @return the prompt
     */
    String render(RolloutTask task, long seed);

    /** @return the task's prompt as it is */
    static PromptTemplate identity() {
        return (task, seed) -> task.task().prompt();
    }

    /**
     * @param template a text in which {@code {task}} stands for the task's prompt and {@code {id}} for its id
     * @return the template
     */
    static PromptTemplate of(String template) {
        Objects.requireNonNull(template, "template");
        if (!template.contains("{task}")) {
            throw new IllegalArgumentException("a prompt template must contain {task}, got: " + template);
        }
        return (task, seed) -> template.replace("{id}", task.task().id())
                .replace("{task}", task.task().prompt());
    }

    /**
     * One of several templates, chosen by the episode's seed.
     *
     * @param templates at least one, each containing {@code {task}}
     * @return the template
     */
    static PromptTemplate oneOf(String... templates) {
        if (templates.length == 0) {
            throw new IllegalArgumentException("oneOf needs at least one template");
        }
        PromptTemplate[] all = new PromptTemplate[templates.length];
        for (int i = 0; i < templates.length; i++) {
            all[i] = of(templates[i]);
        }
        return (task, seed) -> all[new SplittableRandom(seed).nextInt(all.length)].render(task, seed);
    }

    /** A seeded paraphrase hook, applied to the rendered prompt (for example a model that rewrites it). */
    @FunctionalInterface
    interface Paraphraser {
        /**
         * @param prompt the rendered prompt
         * @param random seeded from the episode's seed
         * @return the paraphrased prompt
         */
        String paraphrase(String prompt, SplittableRandom random);

        /** @return no paraphrase */
        static Paraphraser none() {
            return (prompt, random) -> prompt;
        }
    }
}
