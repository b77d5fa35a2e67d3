package dev.agentswarm.control;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An {@link ApprovalPolicy}'s answer to one {@link ApprovalRequest}.
 *
 * @param verdict approve, deny, or approve with edited arguments
 * @param reason why (required for a denial; it becomes the call's tool result)
 * @param arguments the edited arguments as JSON text, for {@link Verdict#EDIT} only; for an assignment or a
 *     definition, {@link ApprovalRequest#argumentsWithPrompt(String)} makes them from an edited prompt
 */
public record Decision(
        Verdict verdict, @Nullable String reason, @Nullable String arguments) {

    /** What was decided. */
    public enum Verdict {
        /** The call runs as it is. */
        APPROVE,
        /** The call does not run; its tool result is the reason. */
        DENY,
        /** The call runs with edited arguments. */
        EDIT
    }

    private static final Decision APPROVED = new Decision(Verdict.APPROVE, null, null);

    /**
     * Checks that a denial has a reason and an edit has arguments.
     *
     * @param verdict the verdict
     * @param reason why, or null
     * @param arguments the edited arguments, or null
     * @throws IllegalArgumentException if a denial has no reason, an edit no arguments, or another verdict arguments
     */
    public Decision {
        Objects.requireNonNull(verdict, "verdict");
        if (verdict == Verdict.DENY && (reason == null || reason.isBlank())) {
            throw new IllegalArgumentException("a denial needs a reason: it becomes the call's tool result");
        }
        if (verdict == Verdict.EDIT && (arguments == null || arguments.isBlank())) {
            throw new IllegalArgumentException("an edit needs the edited arguments");
        }
        if (verdict != Verdict.EDIT && arguments != null) {
            throw new IllegalArgumentException("only an edit carries arguments");
        }
    }

    /** @return approve the call as it is */
    public static Decision approve() {
        return APPROVED;
    }

    /**
     * @param reason why; the model sees it as the call's tool result
     * @return deny the call
     */
    public static Decision deny(String reason) {
        return new Decision(Verdict.DENY, reason, null);
    }

    /**
     * @param arguments the arguments to run the call with, as JSON text
     * @return approve the call with edited arguments
     */
    public static Decision edit(String arguments) {
        return new Decision(Verdict.EDIT, null, arguments);
    }

    /** @return whether the call runs (approved, possibly edited) */
    public boolean approved() {
        return verdict != Verdict.DENY;
    }
}
