package dev.agentswarm.security;

import java.util.Arrays;

/** A growable list of half-open intervals of a text, merged on the fly while they arrive in order. */
final class Spans {

    private static final int[] NONE = new int[0];

    private int[] starts = NONE;
    private int[] ends = NONE;
    private int size;

    /**
     * Adds an interval; overlapping or touching the last one, it extends it.
     *
     * @param start the first index
     * @param end the index after the last
     */
    void add(int start, int end) {
        if (end <= start) {
            return;
        }
        if (size > 0) {
            int last = size - 1;
            if (start >= starts[last] && start <= ends[last]) {
                ends[last] = Math.max(ends[last], end);
                return;
            }
        }
        if (size == starts.length) {
            int capacity = Math.max(8, size * 2);
            starts = Arrays.copyOf(starts, capacity);
            ends = Arrays.copyOf(ends, capacity);
        }
        starts[size] = start;
        ends[size] = end;
        size++;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /**
     * Replaces every interval by the marker, each widened so that it neither starts nor ends inside a JSON escape
     * sequence (so that a redacted JSON text stays valid JSON), after sorting and merging them.
     *
     * @param text the text the intervals are of
     * @param marker the replacement
     * @return the redacted text
     */
    String apply(String text, String marker) {
        int n = size;
        long[] packed = new long[n];
        for (int i = 0; i < n; i++) {
            int s = Escapes.widenStart(text, starts[i]);
            int e = Escapes.widenEnd(text, ends[i]);
            packed[i] = ((long) s << 32) | (e & 0xFFFFFFFFL);
        }
        // Widening can reorder neighbours, and the rules add their intervals in separate passes.
        Arrays.sort(packed);
        StringBuilder out = new StringBuilder(text.length());
        int written = 0;
        int i = 0;
        while (i < n) {
            int s = (int) (packed[i] >>> 32);
            int e = (int) packed[i];
            i++;
            while (i < n && (int) (packed[i] >>> 32) <= e) {
                e = Math.max(e, (int) packed[i]);
                i++;
            }
            // Sorted and merged: this interval starts after the previous one ended.
            out.append(text, written, s).append(marker);
            written = e;
        }
        out.append(text, written, text.length());
        return out.toString();
    }
}
