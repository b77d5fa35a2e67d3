package dev.agentswarm.control;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * Asks a person, one line per request, and reads the answer from a line of input. One question at a time: a
 * question waits for the one before it to be answered. A question whose run stopped waiting (its timeout) still
 * takes the next line of input.
 */
final class InteractiveApproval implements ApprovalPolicy {

    private static final int MAX_SHOWN = 2_000;

    private final BufferedReader in;
    private final PrintWriter out;
    private final Scheduler blocking;
    private final Object turn = new Object();

    InteractiveApproval(BufferedReader in, PrintWriter out, Scheduler blocking) {
        this.in = Objects.requireNonNull(in, "in");
        this.out = Objects.requireNonNull(out, "out");
        this.blocking = Objects.requireNonNull(blocking, "blocking");
    }

    @Override
    public Mono<Decision> decide(ApprovalRequest request) {
        return Mono.fromCallable(() -> ask(request)).subscribeOn(blocking);
    }

    private Decision ask(ApprovalRequest request) {
        synchronized (turn) {
            out.print("approve " + describe(request) + "? [y/n/e] ");
            out.flush();
            String answer = readLine();
            if (answer == null) {
                return Decision.deny("no answer: the input ended");
            }
            String a = answer.strip();
            String first = a.isEmpty() ? "" : a.substring(0, 1).toLowerCase(Locale.ROOT);
            switch (first) {
                case "y" -> {
                    return Decision.approve();
                }
                case "e" -> {
                    boolean prompt = request.prompt() != null;
                    out.print(prompt ? "new prompt: " : "new arguments (JSON): ");
                    out.flush();
                    String edited = readLine();
                    if (edited == null || edited.isBlank()) {
                        return Decision.deny("the edit was empty");
                    }
                    return Decision.edit(prompt ? request.argumentsWithPrompt(edited.strip()) : edited.strip());
                }
                case "n" -> {
                    // "n", "no", or "n <reason>"
                    String reason = a.length() > 1 && Character.isWhitespace(a.charAt(1))
                            ? a.substring(2).strip()
                            : "";
                    return Decision.deny(operatorDenial(reason));
                }
                default -> {
                    return Decision.deny("denied by the operator (the answer '" + oneLine(a) + "' is not y, n or e)");
                }
            }
        }
    }

    private static String operatorDenial(String reason) {
        StringBuilder sb = new StringBuilder("denied by the operator");
        if (!reason.isEmpty()) {
            sb.append(": ").append(reason);
        }
        return sb.toString();
    }

    private @Nullable String readLine() {
        try {
            return in.readLine();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One line: the key, the tool, the subagent and the prompt or arguments, control characters escaped. */
    static String describe(ApprovalRequest r) {
        StringBuilder sb = new StringBuilder();
        sb.append('[').append(r.key()).append("] ").append(r.tool());
        if (r.agent() != null) {
            sb.append(r.kind() == ApprovalRequest.Kind.TOOL ? " by " : " ").append(r.agent());
        }
        String prompt = r.prompt();
        sb.append(prompt != null ? ": " + prompt : " " + r.arguments());
        return oneLine(sb.toString());
    }

    private static String oneLine(String s) {
        String cut = s.length() > MAX_SHOWN ? s.substring(0, MAX_SHOWN) + "…" : s;
        StringBuilder sb = new StringBuilder(cut.length());
        for (int i = 0; i < cut.length(); i++) {
            char c = cut.charAt(i);
            if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069)) {
                sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
