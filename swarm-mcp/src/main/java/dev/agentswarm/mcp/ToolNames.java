package dev.agentswarm.mcp;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The names under which a server's tools are offered to models: {@code server__tool}, within what providers accept
 * ({@code ^[a-zA-Z0-9_-]{1,64}$}). A tool name with other characters has them replaced by {@code _}; a name that is
 * then too long, or that two tools of one server would share, is cut and given an 8-character suffix from a hash of
 * the server and the original name. The result depends only on the server's set of tool names, never on their order.
 */
final class ToolNames {

    static final String SEPARATOR = "__";
    static final int MAX = 64;
    private static final Pattern VALID = Pattern.compile("[a-zA-Z0-9_-]{1,64}");
    private static final Pattern INVALID_CHAR = Pattern.compile("[^a-zA-Z0-9_-]");

    private ToolNames() {}

    /**
     * @param server a valid server name
     * @param tools the original names of the server's tools
     * @return each original name with its exposed name, in the order given
     */
    static Map<String, String> expose(String server, Collection<String> tools) {
        Map<String, String> candidate = new LinkedHashMap<>();
        Map<String, Integer> uses = new HashMap<>();
        for (String t : tools) {
            String c = server
                    + SEPARATOR
                    + (t.isEmpty() ? "_" : INVALID_CHAR.matcher(t).replaceAll("_"));
            candidate.put(t, c);
            uses.merge(c, 1, Integer::sum);
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : candidate.entrySet()) {
            String c = e.getValue();
            boolean clean = c.length() <= MAX && uses.getOrDefault(c, 0) == 1;
            out.put(e.getKey(), clean ? c : hashed(server, e.getKey(), c));
        }
        return out;
    }

    private static String hashed(String server, String original, String candidate) {
        String suffix = "_" + hash(server + "\u0000" + original);
        String base =
                candidate.length() + suffix.length() > MAX ? candidate.substring(0, MAX - suffix.length()) : candidate;
        return base + suffix;
    }

    private static String hash(String s) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            StringBuilder hex = new StringBuilder();
            for (int i = 0; i < 4; i++) {
                hex.append(String.format("%02x", d[i]));
            }
            return hex.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }

    /**
     * @param name a name
     * @return whether providers accept it as a tool name
     */
    static boolean valid(String name) {
        return VALID.matcher(name).matches();
    }
}
