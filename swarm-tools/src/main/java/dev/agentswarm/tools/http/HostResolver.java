package dev.agentswarm.tools.http;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Resolves a host name to its IP addresses for the {@link SsrfGuard}. The default is the JVM resolver; tests and
 * applications with their own DNS policy can inject another.
 */
@FunctionalInterface
public interface HostResolver {

    /**
     * Resolves a host name (never an IP literal; the guard parses those itself).
     *
     * @param host the host name, lower-case, without a trailing dot
     * @return all addresses of the host, not empty
     * @throws UnknownHostException if the host cannot be resolved
     */
    List<InetAddress> resolve(String host) throws UnknownHostException;

    /**
     * Returns the resolver backed by {@link InetAddress#getAllByName(String)}, which shares the JVM's DNS cache
     * with the JDK HTTP client.
     *
     * @return the system resolver
     */
    static HostResolver system() {
        return host -> List.of(InetAddress.getAllByName(host));
    }
}
