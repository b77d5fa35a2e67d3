package dev.agentswarm.mcp;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A stdio MCP server as a child process. Its stderr is drained on a daemon thread into a bounded tail that failure
 * messages quote; everything else of it is discarded, so a server that floods stderr cannot fill this JVM's memory.
 */
final class ProcessPipe implements McpPipe {

    private static final Logger log = LoggerFactory.getLogger(ProcessPipe.class);
    private static final int STDERR_TAIL = 1_000;
    private static final Set<String> INHERITED = Set.of(
            "PATH",
            "HOME",
            "USER",
            "LOGNAME",
            "SHELL",
            "TERM",
            "LANG",
            "LC_ALL",
            "LC_CTYPE",
            "TMPDIR",
            "TMP",
            "TEMP",
            "SYSTEMROOT",
            "SYSTEMDRIVE",
            "WINDIR",
            "COMSPEC",
            "PATHEXT",
            "APPDATA",
            "LOCALAPPDATA",
            "USERPROFILE",
            "PROGRAMFILES",
            "HOMEDRIVE",
            "HOMEPATH");

    private final String server;
    private final Process process;
    private final StringBuilder stderrTail = new StringBuilder();
    private final CompletableFuture<String> ended;

    private ProcessPipe(String server, Process process) {
        this.server = server;
        this.process = process;
        Thread drain = new Thread(this::drainStderr, "mcp-" + server + "-stderr");
        drain.setDaemon(true);
        drain.start();
        this.ended = process.onExit().thenApply(p -> "exited with code " + p.exitValue() + stderrSuffix());
    }

    /**
     * Starts a server's process.
     *
     * @param config a stdio server
     * @return the pipe
     * @throws McpException if the program cannot be started
     */
    static ProcessPipe start(McpServerConfig config) {
        List<String> command = new ArrayList<>(config.command());
        ProcessBuilder pb = new ProcessBuilder(command);
        Map<String, String> env = pb.environment();
        Map<String, String> inherited = inherited(System.getenv());
        env.clear();
        env.putAll(inherited);
        env.putAll(config.environment());
        Path directory = config.directory();
        if (directory != null) {
            pb.directory(directory.toFile());
        }
        pb.redirectInput(ProcessBuilder.Redirect.PIPE);
        pb.redirectOutput(ProcessBuilder.Redirect.PIPE);
        pb.redirectError(ProcessBuilder.Redirect.PIPE);
        try {
            return new ProcessPipe(config.name(), pb.start());
        } catch (IOException e) {
            throw new McpException("MCP server '" + config.name() + "' could not be started (" + config.where() + "): "
                    + e.getMessage() + ". Check that the program is installed and on the PATH.");
        }
    }

    /**
     * What a server's process inherits of this JVM's environment: only what programs need to run (the path, the home
     * and temporary directories, the locale, the user), never the rest, where API keys and tokens live. A server that
     * needs more gets it through {@link McpServerConfig#environment()}.
     *
     * @param parent this process's environment
     * @return the inherited variables
     */
    static Map<String, String> inherited(Map<String, String> parent) {
        Map<String, String> out = new TreeMap<>();
        for (Map.Entry<String, String> e : parent.entrySet()) {
            if (INHERITED.contains(e.getKey().toUpperCase(Locale.ROOT))) {
                out.put(e.getKey(), e.getValue());
            }
        }
        return out;
    }

    private void drainStderr() {
        byte[] buf = new byte[8192];
        try (InputStream err = process.getErrorStream()) {
            int n;
            while ((n = err.read(buf)) >= 0) {
                String chunk = new String(buf, 0, n, StandardCharsets.UTF_8);
                synchronized (stderrTail) {
                    stderrTail.append(chunk);
                    if (stderrTail.length() > STDERR_TAIL) {
                        stderrTail.delete(0, stderrTail.length() - STDERR_TAIL);
                    }
                }
                if (log.isDebugEnabled()) {
                    log.debug(
                            "MCP server '{}' stderr: {}",
                            server,
                            chunk.length() > 500 ? chunk.substring(0, 500) : chunk);
                }
            }
        } catch (IOException e) {
            // The process ended; its stderr is closed.
        }
    }

    /** @return the last lines of the server's stderr, for a failure message, or "" */
    String stderrSuffix() {
        String tail;
        synchronized (stderrTail) {
            tail = stderrTail.toString().strip();
        }
        if (tail.isEmpty()) {
            return "";
        }
        int nl = tail.lastIndexOf('\n', Math.max(0, tail.length() - 300));
        String last = (nl >= 0 && tail.length() - nl < 300 ? tail.substring(nl + 1) : tail);
        last = last.replace('\n', ' ').replace('\r', ' ');
        if (last.length() > 300) {
            last = "…" + last.substring(last.length() - 300);
        }
        return "; its stderr ends with: " + last;
    }

    @Override
    public InputStream fromServer() {
        return process.getInputStream();
    }

    @Override
    public OutputStream toServer() {
        return process.getOutputStream();
    }

    @Override
    public CompletableFuture<String> ended() {
        return ended;
    }

    @Override
    public void destroy() {
        // Its children first seen now (npx starts node): once the process is gone they would be out of reach.
        List<ProcessHandle> children = process.descendants().toList();
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            // Already closed.
        }
        process.destroy();
        children.forEach(ProcessHandle::destroy);
        try {
            if (!process.waitFor(2, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        children.forEach(ProcessHandle::destroyForcibly);
    }
}
