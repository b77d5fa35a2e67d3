package dev.agentswarm.test.cassette;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentswarm.model.SwarmModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * Serves a {@link Cassette}'s recorded responses offline, by the canonical hash of each request, so that parallel
 * tasks get their own answers whatever order they ask in. A request recorded n times gets its n responses in
 * recording order, then the last one again. A request that is not in the cassette fails the call with a
 * {@link CassetteMissException} whose message holds a line diff of the canonical request against the nearest
 * recorded request of the same model; every miss is also kept for {@link #misses()}.
 */
public final class ReplayModel implements SwarmModel {

    private static final int MAX_DIFF_LINES = 60;

    private final String name;
    private final Map<String, List<Cassette.Entry>> byKey = new LinkedHashMap<>();
    private final List<Cassette.Entry> ofThisModel = new ArrayList<>();
    private final Map<String, AtomicInteger> served = new ConcurrentHashMap<>();
    private final List<String> misses = Collections.synchronizedList(new ArrayList<>());

    /**
     * @param name the name of the recorded model; only its calls are served
     * @param cassette the recording
     */
    public ReplayModel(String name, Cassette cassette) {
        this.name = Objects.requireNonNull(name, "name");
        Map<String, List<Cassette.Entry>> keys = new HashMap<>();
        for (Cassette.Entry e : cassette.entries()) {
            if (name.equals(e.request().path("model").asText())) {
                keys.computeIfAbsent(e.key(), k -> new ArrayList<>()).add(e);
                ofThisModel.add(e);
            }
        }
        byKey.putAll(keys);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Mono<ChatResponse> chat(ChatRequest request) {
        return Mono.fromCallable(() -> {
            ObjectNode canonical = CanonicalRequest.of(name, request);
            String key = CanonicalRequest.key(canonical);
            List<Cassette.Entry> recorded = byKey.get(key);
            if (recorded == null) {
                String message = missMessage(canonical, key);
                misses.add(message);
                throw new CassetteMissException(message);
            }
            int n = served.computeIfAbsent(key, k -> new AtomicInteger()).getAndIncrement();
            return Cassette.fromJson(
                    recorded.get(Math.min(n, recorded.size() - 1)).response());
        });
    }

    /** @return the message of every request that was not in the cassette, in order */
    public List<String> misses() {
        synchronized (misses) {
            return List.copyOf(misses);
        }
    }

    /** @return how many recorded calls of this model the cassette holds */
    public int recordedCalls() {
        return ofThisModel.size();
    }

    private String missMessage(ObjectNode canonical, String key) {
        List<String> actual = CanonicalRequest.pretty(canonical).lines().toList();
        StringBuilder sb = new StringBuilder("request to model '")
                .append(name)
                .append("' is not in the cassette (key ")
                .append(key, 0, 12)
                .append("…, ")
                .append(ofThisModel.size())
                .append(" recorded calls of this model)");
        Cassette.Entry nearest = null;
        List<String> nearestLines = List.of();
        int best = Integer.MAX_VALUE;
        for (Cassette.Entry e : ofThisModel) {
            List<String> lines = CanonicalRequest.pretty(e.request()).lines().toList();
            int d = distance(lines, actual);
            if (d < best) {
                best = d;
                nearest = e;
                nearestLines = lines;
            }
        }
        if (nearest == null) {
            sb.append(". The cassette holds no call of this model. Request:\n").append(String.join("\n", actual));
            return sb.toString();
        }
        sb.append(". Diff against the nearest recorded request (key ")
                .append(nearest.key(), 0, 12)
                .append("…; '-' recorded, '+' this request):\n");
        sb.append(diff(nearestLines, actual));
        return sb.toString();
    }

    /** Lines not shared, by an LCS of the two line lists. */
    private static int distance(List<String> a, List<String> b) {
        return a.size() + b.size() - 2 * lcs(a, b)[0][0];
    }

    private static int[][] lcs(List<String> a, List<String> b) {
        int[][] t = new int[a.size() + 1][b.size() + 1];
        for (int i = a.size() - 1; i >= 0; i--) {
            for (int j = b.size() - 1; j >= 0; j--) {
                t[i][j] = a.get(i).equals(b.get(j)) ? t[i + 1][j + 1] + 1 : Math.max(t[i + 1][j], t[i][j + 1]);
            }
        }
        return t;
    }

    private static String diff(List<String> recorded, List<String> actual) {
        int[][] t = lcs(recorded, actual);
        List<String> out = new ArrayList<>();
        int i = 0;
        int j = 0;
        @Nullable String lastContext = null;
        while (i < recorded.size() || j < actual.size()) {
            if (i < recorded.size() && j < actual.size() && recorded.get(i).equals(actual.get(j))) {
                lastContext = "  " + (j + 1) + ": " + actual.get(j);
                i++;
                j++;
                continue;
            }
            if (lastContext != null) {
                out.add(lastContext);
                lastContext = null;
            }
            if (j < actual.size() && (i == recorded.size() || t[i][j + 1] >= t[i + 1][j])) {
                out.add("+ " + (j + 1) + ": " + actual.get(j));
                j++;
            } else {
                out.add("- " + (i + 1) + ": " + recorded.get(i));
                i++;
            }
        }
        if (out.size() > MAX_DIFF_LINES) {
            int more = out.size() - MAX_DIFF_LINES;
            out = new ArrayList<>(out.subList(0, MAX_DIFF_LINES));
            out.add("… " + more + " more diff lines");
        }
        return String.join("\n", out);
    }

    @Override
    public String toString() {
        return "ReplayModel[" + name + ", " + ofThisModel.size() + " calls]";
    }
}
