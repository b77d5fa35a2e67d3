package dev.agentswarm.control;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * A rule-based {@link ApprovalPolicy}: rules are tried in order, the first that matches decides; a request no rule
 * matches goes to the fallback policy (by default, a denial that says no rule allowed it).
 *
 * <p>Rules can be read from text, one per line ({@link #parse(List, ApprovalPolicy)}):
 *
 * <pre>
 * # first match wins; '*' matches any characters
 * allow agent researcher
 * deny  tool  shell        no shell commands in this run
 * allow kind  create_subagent
 * deny  any                everything else is refused
 * </pre>
 *
 * A line is {@code allow} or {@code deny}, then what it matches ({@code agent NAME}, {@code tool NAME},
 * {@code kind KIND} with a {@link ApprovalRequest.Kind} in any case, or {@code any}), then for a denial an optional
 * reason (the rest of the line).
 */
public final class ApprovalRules implements ApprovalPolicy {

    private final List<Rule> rules;
    private final ApprovalPolicy otherwise;

    private ApprovalRules(List<Rule> rules, ApprovalPolicy otherwise) {
        this.rules = List.copyOf(rules);
        this.otherwise = otherwise;
    }

    /** @return a builder with no rules and a denying fallback */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Reads rules from text lines; see the class description for the format.
     *
     * @param lines the lines; blank lines and lines starting with {@code #} are skipped
     * @param otherwise what decides a request no rule matches
     * @return the policy
     * @throws IllegalArgumentException naming the line, if a line is not a rule
     */
    public static ApprovalRules parse(List<String> lines, ApprovalPolicy otherwise) {
        Builder b = builder().otherwise(otherwise);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            b.rules.add(parseLine(line, i + 1));
        }
        return b.build();
    }

    private static Rule parseLine(String line, int number) {
        String[] parts = line.split("\\s+", 4);
        String verdict = parts[0].toLowerCase(Locale.ROOT);
        if (!verdict.equals("allow") && !verdict.equals("deny")) {
            throw new IllegalArgumentException(
                    "approval rule on line " + number + " must start with 'allow' or 'deny', got '" + parts[0] + "'");
        }
        boolean allow = verdict.equals("allow");
        if (parts.length < 2) {
            throw new IllegalArgumentException("approval rule on line " + number
                    + " needs what it matches: 'agent NAME', 'tool NAME', 'kind KIND' or 'any'");
        }
        String what = parts[1].toLowerCase(Locale.ROOT);
        Predicate<ApprovalRequest> match;
        String rest;
        String description;
        if (what.equals("any")) {
            match = r -> true;
            rest = parts.length > 2 ? line.split("\\s+", 3)[2] : "";
            description = "any";
        } else {
            if (parts.length < 3) {
                throw new IllegalArgumentException(
                        "approval rule on line " + number + " needs a name after '" + parts[1] + "'");
            }
            String name = parts[2];
            rest = parts.length > 3 ? parts[3] : "";
            description = what + " " + name;
            match = switch (what) {
                case "agent" -> agent(name);
                case "tool" -> tool(name);
                case "kind" -> {
                    ApprovalRequest.Kind kind;
                    try {
                        kind = ApprovalRequest.Kind.valueOf(name.toUpperCase(Locale.ROOT));
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException("approval rule on line " + number + ": unknown kind '" + name
                                + "'; kinds: create_subagent, assign_task, assign_stage, tool");
                    }
                    yield r -> r.kind() == kind;
                }
                default ->
                    throw new IllegalArgumentException("approval rule on line " + number
                            + " matches 'agent', 'tool', 'kind' or 'any', got '" + parts[1] + "'");
            };
        }
        if (allow && !rest.isBlank()) {
            throw new IllegalArgumentException(
                    "approval rule on line " + number + ": an 'allow' rule takes no reason, got '" + rest + "'");
        }
        String reason = rest.isBlank() ? "denied by approval rule '" + verdict + " " + description + "'" : rest;
        return new Rule(match, allow ? Decision.approve() : Decision.deny(reason));
    }

    @Override
    public Mono<Decision> decide(ApprovalRequest request) {
        for (Rule rule : rules) {
            if (rule.match().test(request)) {
                return Mono.just(rule.decision());
            }
        }
        return otherwise.decide(request);
    }

    private static Predicate<ApprovalRequest> agent(String glob) {
        Pattern p = glob(glob);
        return r -> r.agent() != null && p.matcher(r.agent()).matches();
    }

    private static Predicate<ApprovalRequest> tool(String glob) {
        Pattern p = glob(glob);
        return r -> p.matcher(r.tool()).matches();
    }

    private static Pattern glob(String glob) {
        List<String> quoted = new ArrayList<>();
        for (String part : glob.split("\\*", -1)) {
            quoted.add(part.isEmpty() ? "" : Pattern.quote(part));
        }
        return Pattern.compile(String.join(".*", quoted));
    }

    private record Rule(Predicate<ApprovalRequest> match, Decision decision) {}

    /** Builds {@link ApprovalRules}; rules are tried in the order they are added. */
    public static final class Builder {
        private final List<Rule> rules = new ArrayList<>();
        private @Nullable ApprovalPolicy otherwise;

        private Builder() {}

        /**
         * @param name a subagent name; {@code *} matches any characters
         * @return this builder, with a rule that approves the requests concerning that subagent
         */
        public Builder allowAgent(String name) {
            rules.add(new Rule(agent(Objects.requireNonNull(name, "name")), Decision.approve()));
            return this;
        }

        /**
         * @param name a subagent name; {@code *} matches any characters
         * @param reason the denial's reason
         * @return this builder, with a rule that denies the requests concerning that subagent
         */
        public Builder denyAgent(String name, String reason) {
            rules.add(new Rule(agent(Objects.requireNonNull(name, "name")), Decision.deny(reason)));
            return this;
        }

        /**
         * @param tool a tool name ({@code create_subagent}, {@code assign_task} or an ordinary tool); {@code *}
         *     matches any characters
         * @return this builder, with a rule that approves calls of that tool
         */
        public Builder allowTool(String tool) {
            rules.add(new Rule(tool(Objects.requireNonNull(tool, "tool")), Decision.approve()));
            return this;
        }

        /**
         * @param tool a tool name; {@code *} matches any characters
         * @param reason the denial's reason
         * @return this builder, with a rule that denies calls of that tool
         */
        public Builder denyTool(String tool, String reason) {
            rules.add(new Rule(tool(Objects.requireNonNull(tool, "tool")), Decision.deny(reason)));
            return this;
        }

        /**
         * @param predicate which requests to approve
         * @return this builder
         */
        public Builder allow(Predicate<ApprovalRequest> predicate) {
            rules.add(new Rule(Objects.requireNonNull(predicate, "predicate"), Decision.approve()));
            return this;
        }

        /**
         * @param predicate which requests to deny
         * @param reason the denial's reason
         * @return this builder
         */
        public Builder deny(Predicate<ApprovalRequest> predicate, String reason) {
            rules.add(new Rule(Objects.requireNonNull(predicate, "predicate"), Decision.deny(reason)));
            return this;
        }

        /**
         * @param policy what decides a request no rule matches (e.g. {@link ApprovalPolicy#allowAll()} or an
         *     interactive policy); by default such a request is denied
         * @return this builder
         */
        public Builder otherwise(ApprovalPolicy policy) {
            this.otherwise = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /** @return the policy */
        public ApprovalRules build() {
            ApprovalPolicy fallback = otherwise != null
                    ? otherwise
                    : r -> Mono.just(Decision.deny("no approval rule allows " + r.tool() + " (" + r.key() + ")"));
            return new ApprovalRules(rules, fallback);
        }
    }
}
