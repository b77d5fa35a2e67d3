package dev.agentswarm.cli;

import dev.agentswarm.test.sim.SimulatedSwarm;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The one place where the CLI checks what the user gave it: numbers, prices, endpoints, API keys and output paths.
 * Every check throws a {@link UsageException} whose message names the option (or environment variable) and says what
 * to give instead; none of them echoes an API key, and none of them touches a file.
 */
final class Inputs {

    /** Subagent tasks at once. */
    static final int MIN_CONCURRENCY = 1;

    static final int MAX_CONCURRENCY = 10_000;
    /** Simulated requests per minute; 0 = no limit. */
    static final int MAX_RPM = 1_000_000;
    /** Multiplier of simulated latencies. */
    static final double MIN_LATENCY_SCALE = 0.001;

    static final double MAX_LATENCY_SCALE = 1_000;
    /** How much faster than real time a simulated run's virtual time is played. */
    static final double MIN_SPEEDUP = 0.01;

    static final double MAX_SPEEDUP = 1_000_000;
    /**
     * The most a simulated run may stretch scenario latencies in real time ({@code latency-scale / speedup}): beyond
     * it, one simulated call of a bundled scenario would take minutes of real time to play.
     */
    static final double MAX_REAL_TIME_STRETCH = 100;
    /** USD per million tokens. */
    static final double MAX_PRICE = 1_000_000;
    /** Runs of one {@code swarm plan}. */
    static final int MAX_PLAN_RUNS = 100;

    private Inputs() {}

    /**
     * @param option the option's name, for the message
     * @param value what was given
     * @param min the least allowed
     * @param max the most allowed
     * @return the value
     * @throws UsageException if it is outside [min, max]
     */
    static int integer(String option, int value, int min, int max) {
        if (value < min || value > max) {
            throw new UsageException(option + " must be between " + min + " and " + max + ", got " + value);
        }
        return value;
    }

    /**
     * @param option the option's name, for the message
     * @param value what was given
     * @param min the least allowed
     * @param max the most allowed
     * @return the value
     * @throws UsageException if it is NaN, infinite or outside [min, max]
     */
    static double number(String option, double value, double min, double max) {
        if (Double.isNaN(value) || Double.isInfinite(value) || value < min || value > max) {
            throw new UsageException(option + " must be a number between " + plain(min) + " and " + plain(max)
                    + ", got " + plain(value));
        }
        return value;
    }

    /**
     * The simulated provider's options of a played run ({@code run}, {@code demo}): virtual time advances
     * {@code speedup} times faster than real time, so that progress can be watched; reported times are scenario time.
     *
     * @return the validated options
     * @throws UsageException if a value is out of range, or the two together stretch time absurdly
     */
    static SimulatedSwarm.Options played(int concurrency, int rpm, double latencyScale, double speedup) {
        SimulatedSwarm.Options o = planned(concurrency, rpm, latencyScale);
        number("--speedup", speedup, MIN_SPEEDUP, MAX_SPEEDUP);
        if (latencyScale / speedup > MAX_REAL_TIME_STRETCH) {
            throw new UsageException("--speedup " + plain(speedup) + " with --latency-scale " + plain(latencyScale)
                    + " would play simulated calls " + plain(latencyScale / speedup) + "x slower than the scenario "
                    + "says; keep --latency-scale / --speedup at most " + plain(MAX_REAL_TIME_STRETCH));
        }
        return new SimulatedSwarm.Options(o.concurrency(), o.rpm(), o.latencyScale(), speedup);
    }

    /**
     * The simulated provider's options of a planned run ({@code plan}): as fast as possible, no speed-up applies.
     *
     * @return the validated options
     * @throws UsageException if a value is out of range
     */
    static SimulatedSwarm.Options planned(int concurrency, int rpm, double latencyScale) {
        integer("--concurrency", concurrency, MIN_CONCURRENCY, MAX_CONCURRENCY);
        integer("--rpm", rpm, 0, MAX_RPM);
        number("--latency-scale", latencyScale, MIN_LATENCY_SCALE, MAX_LATENCY_SCALE);
        return new SimulatedSwarm.Options(concurrency, rpm, latencyScale, Double.POSITIVE_INFINITY);
    }

    /**
     * @param spec what followed {@code --price}
     * @return the model and its input and output prices
     * @throws UsageException unless it is {@code MODEL=IN:OUT} with finite prices in [0, 1,000,000]
     */
    static Price price(String spec) {
        int eq = spec.lastIndexOf('=');
        String[] io = eq < 0 ? new String[0] : spec.substring(eq + 1).split(":", -1);
        String hint = ": write MODEL=IN:OUT in USD per million tokens, each between 0 and " + plain(MAX_PRICE)
                + ", e.g. gpt-4o-mini=0.15:0.6";
        if (eq <= 0 || io.length != 2) {
            throw new UsageException("invalid --price '" + Terminal.line(spec) + "'" + hint);
        }
        double in;
        double out;
        try {
            in = Double.parseDouble(io[0]);
            out = Double.parseDouble(io[1]);
        } catch (NumberFormatException e) {
            throw new UsageException("invalid --price '" + Terminal.line(spec) + "'" + hint);
        }
        if (!(in >= 0 && in <= MAX_PRICE && out >= 0 && out <= MAX_PRICE)) {
            throw new UsageException("invalid --price '" + Terminal.line(spec) + "'" + hint);
        }
        return new Price(spec.substring(0, eq), in, out);
    }

    /**
     * A parsed {@code --price}.
     *
     * @param model the model
     * @param input USD per million input tokens
     * @param output USD per million output tokens
     */
    record Price(String model, double input, double output) {}

    /**
     * Checks a provider's endpoint. The value is never echoed: it may carry credentials.
     *
     * @param baseUrl what followed {@code --base-url}, or null
     * @return it, or null
     * @throws UsageException unless it is an absolute http or https URL with a host and no user information
     */
    static @Nullable String baseUrl(@Nullable String baseUrl) {
        if (baseUrl == null) {
            return null;
        }
        String hint = ": give an http or https URL such as http://localhost:8000/v1";
        URI uri;
        try {
            uri = new URI(baseUrl);
        } catch (URISyntaxException e) {
            throw new UsageException("--base-url is not a valid URL (" + e.getReason() + ")" + hint);
        }
        String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
        if (scheme == null) {
            throw new UsageException("--base-url has no scheme" + hint);
        }
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new UsageException("--base-url must use http or https, not " + Terminal.line(scheme) + hint);
        }
        if (uri.getRawUserInfo() != null) {
            throw new UsageException("--base-url must not carry a user or password: the CLI reads API keys from "
                    + "the environment only" + hint);
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new UsageException("--base-url has no host" + hint);
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new UsageException("--base-url must not have a query or fragment" + hint);
        }
        return baseUrl;
    }

    /**
     * Checks an API key read from the environment. A key is printable ASCII without spaces: a control character (a
     * pasted {@code \r} or line break is common), whitespace anywhere (also at either end: the key is not trimmed,
     * since a silently changed secret is harder to diagnose than a refused one) or a non-ASCII character is refused.
     * The message names the variable and the kind of character, never any character of the key.
     *
     * @param variable the environment variable it came from
     * @param key its value
     * @return the key
     * @throws UsageException if it holds a character no API key holds
     */
    static String apiKey(String variable, String key) {
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c > 0x20 && c < 0x7f) {
                continue;
            }
            String what = c == '\r'
                    ? "a carriage return (CR)"
                    : c == '\n'
                            ? "a line feed (LF)"
                            : c == ' ' || Character.isWhitespace(c) || Character.isSpaceChar(c)
                                    ? "whitespace"
                                    : c < 0x20 || c == 0x7f ? "a control character" : "a non-ASCII character";
            String where = i == 0 ? " at its start" : i == key.length() - 1 ? " at its end" : "";
            throw new UsageException(variable + " contains " + what + where + ": an API key is printable ASCII "
                    + "without spaces; set the variable again without it (the key is not shown)");
        }
        return key;
    }

    /**
     * Checks a {@code --name}: the base name of the files a run writes inside {@code --out}.
     *
     * @param name what was given
     * @return it
     * @throws UsageException if it is empty, a path, or holds control characters
     */
    static String baseName(String name) {
        boolean control = name.chars().anyMatch(c -> c < 0x20 || c == 0x7f);
        if (name.isBlank()
                || control
                || name.contains("/")
                || name.contains("\\")
                || name.equals(".")
                || name.equals("..")) {
            throw new UsageException("--name must be a plain file name (no folder, no control character), got '"
                    + Terminal.line(name) + "': use --out for the folder");
        }
        return name;
    }

    /**
     * Checks where a run will write, before anything runs: the folder is a folder (or can be created), the journal
     * is absent (or, with {@code --overwrite}, a regular file), and the report is not a folder.
     *
     * @param files the journal and report
     * @param dir the {@code --out} folder
     * @param overwrite whether {@code --overwrite} was given
     * @throws UsageException if the run could not write there, or would overwrite a journal unasked
     */
    static void outputs(Outputs.RunFiles files, Path dir, boolean overwrite) {
        for (Path p = dir.toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.exists(p) && !Files.isDirectory(p)) {
                throw new UsageException("--out " + Terminal.line(dir.toString()) + " is not a folder ("
                        + Terminal.line(p.toString()) + " is a file): give a folder, or a path to create one");
            }
            if (Files.isDirectory(p)) {
                break;
            }
        }
        journal(files.journal(), overwrite);
        reportFile(files.report(), "the report path ");
    }

    /**
     * Checks the journal's path: absent, or, with {@code --overwrite}, a regular file.
     *
     * @param journal the journal
     * @param overwrite whether {@code --overwrite} was given
     * @return whether it exists (and is to be replaced)
     * @throws UsageException if it is a folder or another non-regular file, or exists and may not be replaced
     */
    static boolean journal(Path journal, boolean overwrite) {
        if (Files.isDirectory(journal, LinkOption.NOFOLLOW_LINKS)) {
            throw new UsageException("the journal path " + Terminal.line(journal.toString()) + " is a folder: "
                    + "choose another --out");
        }
        if (!Files.exists(journal, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        if (!overwrite) {
            throw new UsageException("the journal " + Terminal.line(journal.toString()) + " already exists: "
                    + "choose another --out, or pass --overwrite to replace it");
        }
        if (!Files.isRegularFile(journal, LinkOption.NOFOLLOW_LINKS)) {
            throw new UsageException("the journal path " + Terminal.line(journal.toString()) + " is not a "
                    + "regular file, so --overwrite does not replace it: choose another --out");
        }
        return true;
    }

    /**
     * Checks that an HTML report can be written there.
     *
     * @param report the file
     * @param what how to name it in the message
     * @throws UsageException if it is a folder, or its parent is a file
     */
    static void reportFile(Path report, String what) {
        if (Files.isDirectory(report)) {
            throw new UsageException(what + Terminal.line(report.toString()) + " is a folder: give a file name");
        }
        Path parent = report.toAbsolutePath().getParent();
        if (parent != null && Files.exists(parent) && !Files.isDirectory(parent)) {
            throw new UsageException(what + Terminal.line(report.toString()) + " is inside a file, not a folder");
        }
    }

    /**
     * Deletes a journal the user asked to overwrite, after {@link #outputs} checked it.
     *
     * @param journal the file
     */
    static void deleteForOverwrite(Path journal) {
        try {
            Files.deleteIfExists(journal);
        } catch (IOException e) {
            throw new UsageException("cannot replace the journal " + Terminal.line(journal.toString()) + " ("
                    + e.getClass().getSimpleName() + "): check its permissions or choose another --out");
        }
    }

    /** A number as a person writes it: no exponent for ordinary values, no trailing zeros. */
    static String plain(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v) || (v != 0 && (Math.abs(v) >= 1e9 || Math.abs(v) < 1e-4))) {
            return Double.toString(v);
        }
        return java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }
}
