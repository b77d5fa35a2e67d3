package dev.agentswarm.spring.autoconfigure;

import dev.agentswarm.AgentSwarm;
import dev.agentswarm.policy.Budget;
import dev.agentswarm.policy.Limits;
import dev.agentswarm.policy.context.ContextPolicy;
import dev.agentswarm.resilience.ModelPolicy;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.env.Environment;

/**
 * Auto-configures an {@link AgentSwarm} from the application's LangChain4j {@code ChatModel} or
 * {@code StreamingChatModel} bean and the {@code agent-swarm.*} properties. It backs off when
 * {@code agent-swarm.enabled=false}, when the application defines its own {@code AgentSwarm}, or when there is no model
 * bean. Runs after the LangChain4j starters' auto-configurations, so that their model beans count.
 */
@AutoConfiguration(
        afterName = {
            "dev.langchain4j.openai.spring.AutoConfig",
            "dev.langchain4j.anthropic.spring.AutoConfig",
            "dev.langchain4j.ollama.spring.AutoConfig"
        })
@ConditionalOnClass(AgentSwarm.class)
@ConditionalOnProperty(prefix = AgentSwarmProperties.PREFIX, name = "enabled", matchIfMissing = true)
@EnableConfigurationProperties(AgentSwarmProperties.class)
public class AgentSwarmAutoConfiguration {

    /** Creates the auto-configuration; Spring calls it. */
    public AgentSwarmAutoConfiguration() {}

    /**
     * The swarm. Spring closes it with the context ({@link AgentSwarm#close()}, an inferred destroy method): runs still
     * in progress are cancelled, keeping what they completed.
     *
     * @param properties the {@code agent-swarm.*} properties
     * @param beanFactory where the model beans are looked up by name
     * @param environment where {@code agent-swarm.tool-beans.enabled} is read
     * @param customizers applied last, in order
     * @return the swarm
     */
    @Bean
    @ConditionalOnMissingBean
    @Conditional(OnModelBeanCondition.class)
    public AgentSwarm agentSwarm(
            AgentSwarmProperties properties,
            ConfigurableListableBeanFactory beanFactory,
            Environment environment,
            ObjectProvider<AgentSwarmBuilderCustomizer> customizers) {
        AgentSwarm.Builder builder = AgentSwarm.builder();
        apply(properties, new ModelBeans(beanFactory), builder);
        if (environment.getProperty(AgentSwarmProperties.PREFIX + ".tool-beans.enabled", Boolean.class, true)) {
            toolBeans(beanFactory, builder);
        }
        customizers.orderedStream().forEach(c -> c.customize(builder));
        return builder.build();
    }

    /** Registers every {@link SwarmTool} bean's {@code @Tool} methods as subagent tools, in bean name order. */
    private static void toolBeans(ConfigurableListableBeanFactory beans, AgentSwarm.Builder builder) {
        Map<String, Object> marked = new TreeMap<>(beans.getBeansWithAnnotation(SwarmTool.class));
        marked.forEach((name, bean) -> {
            try {
                builder.tools(bean);
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException(
                        "the @SwarmTool bean '" + name + "' cannot be a subagent tool: " + e.getMessage(), e);
            }
        });
    }

    static void apply(AgentSwarmProperties p, ModelBeans models, AgentSwarm.Builder b) {
        String orchestrator = p.orchestratorModel();
        b.orchestratorModel(
                orchestrator != null
                        ? models.named("orchestrator-model", orchestrator)
                        : models.single("orchestrator-model"));
        String subagent = p.subagentModel();
        if (subagent != null) {
            b.subagentModel(models.named("subagent-model", subagent));
        }
        String prompt = p.orchestratorSystemPrompt();
        if (prompt != null) {
            b.orchestratorSystemPrompt(prompt);
        }
        b.maxConcurrency(p.maxConcurrency())
                .resultTokenBudget(p.resultTokenBudget())
                .maxToolOutputChars(p.maxToolOutputChars())
                .failFast(p.failFast());
        Integer inFlight = p.maxTasksInFlight();
        if (inFlight != null) {
            b.maxTasksInFlight(inFlight);
        }
        Duration taskTimeout = p.taskTimeout();
        if (taskTimeout != null) {
            b.taskTimeout(taskTimeout);
        }
        Duration runTimeout = p.runTimeout();
        if (runTimeout != null) {
            b.runTimeout(runTimeout);
        }
        AgentSwarmProperties.Limits l = p.limits();
        b.limits(Limits.builder()
                .maxOrchestratorSteps(l.maxOrchestratorSteps())
                .maxSubagentSteps(l.maxSubagentSteps())
                .maxSubagentDefinitions(l.maxSubagentDefinitions())
                .maxTasksPerStage(l.maxTasksPerStage())
                .build());
        b.budget(budget(p.budget()));
        ModelPolicy defaults = policy(ModelPolicy.DEFAULTS, p.modelPolicy().defaults());
        b.defaultModelPolicy(defaults);
        p.modelPolicy().models().forEach((name, policy) -> b.modelPolicy(name, policy(defaults, policy)));
        b.orchestratorContextPolicy(context(p.context().orchestrator()));
        b.subagentContextPolicy(context(p.context().subagent()));
    }

    private static Budget budget(AgentSwarmProperties.Budget p) {
        Budget.Builder b = Budget.builder().onExhausted(p.onExhausted());
        Long tokens = p.maxTotalTokens();
        if (tokens != null) {
            b.maxTotalTokens(tokens);
        }
        Double cost = p.maxCost();
        if (cost != null) {
            b.maxCost(cost);
        }
        Integer steps = p.maxCriticalSteps();
        if (steps != null) {
            b.maxCriticalSteps(steps);
        }
        Duration wall = p.maxWallTime();
        if (wall != null) {
            b.maxWallTime(wall);
        }
        Integer tasks = p.maxTasks();
        if (tasks != null) {
            b.maxTasks(tasks);
        }
        p.prices().forEach((model, price) -> b.price(model, price.inputPerMillion(), price.outputPerMillion()));
        return b.build();
    }

    private static ModelPolicy policy(ModelPolicy base, AgentSwarmProperties.ModelPolicy p) {
        ModelPolicy.Builder b = base.toBuilder();
        Integer attempts = p.maxAttempts();
        if (attempts != null) {
            b.maxAttempts(attempts);
        }
        Duration initial = p.initialBackoff();
        Double multiplier = p.multiplier();
        Duration max = p.maxBackoff();
        b.backoff(
                initial != null ? initial : base.initialBackoff(),
                multiplier != null ? multiplier : base.multiplier(),
                max != null ? max : base.maxBackoff());
        Double jitter = p.jitter();
        if (jitter != null) {
            b.jitter(jitter);
        }
        Duration retryAfter = p.maxRetryAfter();
        if (retryAfter != null) {
            b.maxRetryAfter(retryAfter);
        }
        Duration callTimeout = p.callTimeout();
        if (callTimeout != null) {
            b.callTimeout(callTimeout);
        }
        Integer rpm = p.requestsPerMinute();
        if (rpm != null) {
            b.requestsPerMinute(rpm);
        }
        Long tpm = p.tokensPerMinute();
        if (tpm != null) {
            b.tokensPerMinute(tpm);
        }
        Integer callsInFlight = p.maxCallsInFlight();
        if (callsInFlight != null) {
            b.maxCallsInFlight(callsInFlight);
        }
        return b.build();
    }

    private static ContextPolicy context(AgentSwarmProperties.ContextPolicy p) {
        Integer threshold = p.thresholdTokens();
        return switch (p.strategy()) {
            case KEEP_ALL -> ContextPolicy.keepAll();
            case HIDE_TOOL_RESULTS -> ContextPolicy.hideToolResults(required(threshold));
            case DISCARD_ALL -> ContextPolicy.discardAll(required(threshold));
        };
    }

    private static int required(@Nullable Integer threshold) {
        if (threshold == null) {
            throw new IllegalStateException("threshold-tokens is checked when the properties are bound");
        }
        return threshold;
    }
}
