package dev.agentswarm.security;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The suffix automaton of a set of strings: it recognises every substring of every one of them. Walking a text
 * through it gives, at each position, the longest run ending there that occurs in one of the strings, in amortised
 * constant time per character, so finding every long enough secret fragment in a text is linear in the text.
 * Immutable once built; transitions are sorted arrays searched by bisection.
 */
final class SuffixAutomaton {

    /** Separates the strings in the automaton; a run across it only joins two secrets' characters. */
    private static final char SEPARATOR = '\uFFFF';

    private final int[] link;
    private final int[] len;
    private final char[][] keys;
    private final int[][] targets;
    /** The root's transitions on ASCII characters, looked up directly: most characters of a text start there. */
    private final int[] rootAscii = new int[128];

    private SuffixAutomaton(int[] link, int[] len, char[][] keys, int[][] targets) {
        this.link = link;
        this.len = len;
        this.keys = keys;
        this.targets = targets;
        for (char c = 0; c < 128; c++) {
            rootAscii[c] = search(0, c);
        }
    }

    /**
     * Builds the automaton of some strings.
     *
     * @param strings the strings, not empty
     * @return the automaton
     */
    static SuffixAutomaton of(List<String> strings) {
        StringBuilder all = new StringBuilder();
        for (String s : strings) {
            if (all.length() > 0) {
                all.append(SEPARATOR);
            }
            all.append(s);
        }
        int max = 2 * all.length() + 2;
        int[] link = new int[max];
        int[] len = new int[max];
        List<Map<Character, Integer>> next = new ArrayList<>(max);
        next.add(new HashMap<>());
        link[0] = -1;
        int size = 1;
        int last = 0;
        for (int i = 0; i < all.length(); i++) {
            char c = all.charAt(i);
            int cur = size++;
            next.add(new HashMap<>());
            len[cur] = len[last] + 1;
            int p = last;
            while (p != -1 && !next.get(p).containsKey(c)) {
                next.get(p).put(c, cur);
                p = link[p];
            }
            if (p == -1) {
                link[cur] = 0;
            } else {
                int q = target(next.get(p), c);
                if (len[p] + 1 == len[q]) {
                    link[cur] = q;
                } else {
                    int clone = size++;
                    next.add(new HashMap<>(next.get(q)));
                    len[clone] = len[p] + 1;
                    link[clone] = link[q];
                    while (p != -1 && target(next.get(p), c) == q) {
                        next.get(p).put(c, clone);
                        p = link[p];
                    }
                    link[q] = clone;
                    link[cur] = clone;
                }
            }
            last = cur;
        }
        char[][] keys = new char[size][];
        int[][] targets = new int[size][];
        for (int s = 0; s < size; s++) {
            Map<Character, Integer> m = next.get(s);
            char[] k = new char[m.size()];
            int j = 0;
            for (Character ch : m.keySet()) {
                k[j++] = ch;
            }
            Arrays.sort(k);
            int[] t = new int[k.length];
            for (int x = 0; x < k.length; x++) {
                t[x] = target(m, k[x]);
            }
            keys[s] = k;
            targets[s] = t;
        }
        return new SuffixAutomaton(Arrays.copyOf(link, size), Arrays.copyOf(len, size), keys, targets);
    }

    /**
     * Adds to {@code spans} every maximal run of the text, at least {@code minLength} long, that occurs in one of
     * the strings.
     *
     * @param text the text
     * @param minLength the shortest run that counts
     * @param spans where runs go, as half-open intervals, in increasing order
     */
    void findRuns(String text, int minLength, Spans spans) {
        int state = 0;
        int length = 0;
        for (int i = 0, n = text.length(); i < n; i++) {
            char c = text.charAt(i);
            int t = step(state, c);
            while (t < 0 && state != 0) {
                state = link[state];
                length = len[state];
                t = step(state, c);
            }
            if (t >= 0) {
                state = t;
                length++;
            } else {
                state = 0;
                length = 0;
            }
            if (length >= minLength) {
                spans.add(i + 1 - length, i + 1);
            }
        }
    }

    private int step(int state, char c) {
        return state == 0 && c < 128 ? rootAscii[c] : search(state, c);
    }

    private int search(int state, char c) {
        char[] k = keys[state];
        int lo = 0;
        int hi = k.length - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            char m = k[mid];
            if (m < c) {
                lo = mid + 1;
            } else if (m > c) {
                hi = mid - 1;
            } else {
                return targets[state][mid];
            }
        }
        return -1;
    }

    /** The state {@code c} leads to from a state that has that transition. */
    private static int target(Map<Character, Integer> transitions, char c) {
        Integer t = transitions.get(c);
        if (t == null) {
            throw new IllegalStateException("no transition on '" + c + "'");
        }
        return t;
    }
}
