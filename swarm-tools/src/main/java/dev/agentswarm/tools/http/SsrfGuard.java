package dev.agentswarm.tools.http;

import dev.agentswarm.tools.ToolRefusedException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Guards against server-side request forgery (SSRF): decides, after DNS resolution, whether a URL may be fetched.
 *
 * <p>{@link #check(URI)} refuses, with a {@link ToolRefusedException}:
 *
 * <ul>
 *   <li>schemes other than {@code http} and {@code https}, URLs without a host, URLs with embedded credentials;
 *   <li>the cloud metadata host names {@code metadata.google.internal} and {@code metadata.goog}, and (unless
 *       loopback is allowed) {@code localhost} and its sub-domains, before any DNS lookup;
 *   <li>non-canonical numeric hosts such as {@code 2130706433}, {@code 127.1} or {@code 0177.0.0.1}, which
 *       different parsers read as different addresses;
 *   <li>any host with at least one resolved address in: loopback ({@code 127.0.0.0/8}, {@code ::1}), "this
 *       network" and any-local ({@code 0.0.0.0/8}, {@code ::}), private ranges ({@code 10.0.0.0/8},
 *       {@code 172.16.0.0/12}, {@code 192.168.0.0/16}, {@code fc00::/7}, {@code fec0::/10}), carrier-grade NAT
 *       ({@code 100.64.0.0/10}), link-local ({@code 169.254.0.0/16}, {@code fe80::/10}), cloud metadata
 *       ({@code 169.254.169.254}, {@code fd00:ec2::254}), IETF protocol assignments ({@code 192.0.0.0/24}),
 *       benchmarking ({@code 198.18.0.0/15}), multicast ({@code 224.0.0.0/4}, {@code ff00::/8}) and reserved
 *       ({@code 240.0.0.0/4}, including broadcast).
 * </ul>
 *
 * <p>IPv6 addresses that embed an IPv4 address are also judged by the IPv4 address inside them, and refused if it
 * is internal: IPv4-mapped {@code ::ffff:a.b.c.d}, IPv4-compatible {@code ::a.b.c.d}, SIIT
 * {@code ::ffff:0:a.b.c.d}, NAT64 {@code 64:ff9b::/96} and the local-use {@code 64:ff9b:1::/48} (whose prefix
 * length is unknown, so the IPv4 address is decoded at each place RFC 6052 allows: /48, /56, /64 and /96), 6to4
 * {@code 2002::/16}, and Teredo {@code 2001::/32} (both the server address in bits 32..63 and the inverted client
 * address in the last 32 bits).
 *
 * <p>The guard is on by default and has no off switch: exceptions are explicit allowances made on the
 * {@link Builder} ({@link Builder#allowHost(String)}, {@link Builder#allowLoopback()},
 * {@link Builder#allowCidr(String)}).
 *
 * <p><strong>Residual risk (DNS rebinding).</strong> The JDK {@link java.net.http.HttpClient} offers no way to
 * connect to a pre-resolved address while keeping the host name for the {@code Host} header and TLS (SNI and
 * certificate checks), so after this guard has approved a name the client resolves it again when it connects.
 * With the default {@link HostResolver#system()} both lookups normally hit the JVM's positive DNS cache
 * ({@code networkaddress.cache.ttl}, 30 seconds by default), which closes the window in practice; a custom
 * resolver, a disabled cache or a cache entry expiring between check and connect leaves a short window in which a
 * hostile DNS server could answer the second lookup with an internal address. IP-literal URLs are not affected.
 * Deployments that need a hard guarantee should also block internal ranges at the network layer (egress
 * firewall or proxy).
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class SsrfGuard {

    private static final Logger LOG = LoggerFactory.getLogger(SsrfGuard.class);

    private static final Set<String> METADATA_NAMES = Set.of("metadata.google.internal", "metadata.goog");

    private static final List<Range> BLOCKED = List.of(
            new Range("0.0.0.0/8", "a 'this network' address (any-local)"),
            new Range("10.0.0.0/8", "a private address"),
            new Range("100.64.0.0/10", "a carrier-grade NAT address"),
            new Range("127.0.0.0/8", "a loopback address"),
            new Range("169.254.169.254/32", "the cloud metadata service"),
            new Range("169.254.0.0/16", "a link-local address"),
            new Range("172.16.0.0/12", "a private address"),
            new Range("192.0.0.0/24", "an IETF protocol assignment address"),
            new Range("192.168.0.0/16", "a private address"),
            new Range("198.18.0.0/15", "a benchmarking address"),
            new Range("224.0.0.0/4", "a multicast address"),
            new Range("240.0.0.0/4", "a reserved or broadcast address"),
            new Range("::/128", "the unspecified (any-local) address"),
            new Range("::1/128", "a loopback address"),
            new Range("fd00:ec2::254/128", "the cloud metadata service"),
            new Range("fc00::/7", "a unique-local (private) address"),
            new Range("fe80::/10", "a link-local address"),
            new Range("fec0::/10", "a site-local (private) address"),
            new Range("ff00::/8", "a multicast address"));

    private final HostResolver resolver;
    private final Set<String> allowedHosts;
    private final boolean allowLoopback;
    private final List<Cidr> allowedCidrs;

    private SsrfGuard(Builder builder) {
        this.resolver = builder.resolver;
        this.allowedHosts = Set.copyOf(builder.allowedHosts);
        this.allowLoopback = builder.allowLoopback;
        this.allowedCidrs = List.copyOf(builder.allowedCidrs);
    }

    /**
     * Returns a guard with the system resolver and no allowances.
     *
     * @return the default, strictest guard
     */
    public static SsrfGuard defaults() {
        return builder().build();
    }

    /**
     * Returns a builder for a guard with allowances or a custom resolver.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Checks that a URL may be fetched, resolving its host if it is a name.
     *
     * @param uri the absolute URL about to be requested
     * @return the host's addresses that were checked (all of them passed)
     * @throws ToolRefusedException if the URL is refused; the message names the reason
     * @throws IllegalArgumentException if the host name cannot be resolved
     */
    public List<InetAddress> check(URI uri) {
        Objects.requireNonNull(uri, "uri");
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw refuseUrl(uri, "only http and https URLs can be fetched");
        }
        String rawHost = uri.getHost();
        if (rawHost == null || rawHost.isEmpty()) {
            throw refuseUrl(uri, "it has no valid host name");
        }
        if (uri.getRawUserInfo() != null) {
            throw refuseUrl(uri, "URLs with embedded credentials (user@host) are not allowed");
        }
        String host = normalizeHost(rawHost);
        if (host.indexOf('%') >= 0) {
            throw refuseUrl(uri, "IPv6 zone identifiers are not allowed");
        }
        if (allowedHosts.contains(host)) {
            LOG.debug("host {} explicitly allowed", host);
            return resolve(uri, host);
        }
        boolean localName = host.equals("localhost") || host.endsWith(".localhost");
        if (localName ? !allowLoopback : METADATA_NAMES.contains(host)) {
            throw refuse(uri, "the host '" + host + "' is an internal name (local host or cloud metadata)");
        }
        if (IpLiterals.isAmbiguousNumeric(host)) {
            throw refuse(
                    uri,
                    "the host '" + host + "' is a non-canonical numeric address; write IPv4 addresses as"
                            + " four decimal numbers without leading zeros");
        }
        List<InetAddress> addresses = resolve(uri, host);
        for (InetAddress address : addresses) {
            Optional<String> reason = blockReason(address);
            if (reason.isPresent()) {
                String resolved = IpLiterals.parse(host).isPresent() ? "is " : "resolves to ";
                throw refuse(
                        uri,
                        "the host '" + host + "' " + resolved + address.getHostAddress() + ", which is "
                                + reason.get());
            }
        }
        return addresses;
    }

    /**
     * Tells why an address is blocked by this guard, taking its allowances into account. An IPv6 address that
     * embeds an IPv4 address (see the class description) is judged by every IPv4 address it may carry: it is
     * blocked if any of them is.
     *
     * @param address a resolved address
     * @return a description such as "a private address (10.0.0.0/8)", or empty if the address may be contacted
     */
    public Optional<String> blockReason(InetAddress address) {
        for (Cidr cidr : allowedCidrs) {
            if (cidr.contains(address)) {
                return Optional.empty();
            }
        }
        Optional<String> own = ownBlockReason(address);
        if (own.isPresent()) {
            return own;
        }
        for (EmbeddedIpv4.Candidate embedded : EmbeddedIpv4.candidates(address)) {
            Optional<String> reason = ownBlockReason(embedded.address());
            if (reason.isPresent()) {
                return Optional.of("(embedding " + embedded.address().getHostAddress() + " as " + embedded.form() + ") "
                        + reason.get());
            }
        }
        return Optional.empty();
    }

    /** The reason an address is blocked by the ranges and allowances, without looking inside it. */
    private Optional<String> ownBlockReason(InetAddress address) {
        if (allowLoopback && address.isLoopbackAddress()) {
            return Optional.empty();
        }
        for (Cidr cidr : allowedCidrs) {
            if (cidr.contains(address)) {
                return Optional.empty();
            }
        }
        for (Range range : BLOCKED) {
            if (range.cidr().contains(address)) {
                return Optional.of(range.description() + " (" + range.cidr() + ")");
            }
        }
        return Optional.empty();
    }

    private List<InetAddress> resolve(URI uri, String host) {
        Optional<InetAddress> literal = IpLiterals.parse(host);
        if (literal.isPresent()) {
            return List.of(literal.get());
        }
        try {
            List<InetAddress> addresses = resolver.resolve(host);
            if (addresses.isEmpty()) {
                throw new UnknownHostException(host);
            }
            return List.copyOf(addresses);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(
                    "Cannot fetch " + uri + ": the host '" + host
                            + "' could not be resolved. Check the spelling of the URL.",
                    e);
        }
    }

    private static String normalizeHost(String rawHost) {
        String host = rawHost.toLowerCase(Locale.ROOT);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        while (host.endsWith(".")) {
            host = host.substring(0, host.length() - 1);
        }
        return host;
    }

    private static ToolRefusedException refuseUrl(URI uri, String reason) {
        LOG.debug("SSRF guard refused {}: {}", uri, reason);
        return new ToolRefusedException("Refused to fetch " + uri + ": " + reason + ".");
    }

    private static ToolRefusedException refuse(URI uri, String reason) {
        LOG.debug("SSRF guard refused {}: {}", uri, reason);
        return new ToolRefusedException("Refused to fetch " + uri + ": " + reason + ". Requests to internal"
                + " addresses (loopback, private, link-local, cloud metadata and similar) are blocked to prevent"
                + " server-side request forgery; fetch a public http(s) URL instead.");
    }

    @Override
    public String toString() {
        return "SsrfGuard[allowedHosts=" + allowedHosts + ", allowLoopback=" + allowLoopback + ", allowedCidrs="
                + allowedCidrs + "]";
    }

    private record Range(Cidr cidr, String description) {
        Range(String cidr, String description) {
            this(Cidr.parse(cidr), description);
        }
    }

    /** Builds an {@link SsrfGuard}; every allowance must be made explicitly. */
    public static final class Builder {

        private HostResolver resolver = HostResolver.system();
        private final Set<String> allowedHosts = new LinkedHashSet<>();
        private boolean allowLoopback;
        private final List<Cidr> allowedCidrs = new ArrayList<>();

        private Builder() {}

        /**
         * Sets the resolver used for host names (default {@link HostResolver#system()}).
         *
         * @param resolver the resolver
         * @return this builder
         */
        public Builder resolver(HostResolver resolver) {
            this.resolver = Objects.requireNonNull(resolver, "resolver");
            return this;
        }

        /**
         * Exempts one host, named exactly as in URLs (a name or an IP literal, IPv6 with or without brackets),
         * from the address checks. Scheme and credential checks still apply.
         *
         * @param host the trusted host, for example {@code 127.0.0.1} or {@code intranet.example.com}
         * @return this builder
         * @throws IllegalArgumentException if the host is blank
         */
        public Builder allowHost(String host) {
            if (host.isBlank()) {
                throw new IllegalArgumentException("host must not be blank");
            }
            allowedHosts.add(normalizeHost(host.strip()));
            return this;
        }

        /**
         * Allows loopback addresses ({@code 127.0.0.0/8}, {@code ::1}, also IPv4-mapped) and the name
         * {@code localhost}, for local development and tests.
         *
         * @return this builder
         */
        public Builder allowLoopback() {
            this.allowLoopback = true;
            return this;
        }

        /**
         * Allows an address block, for example {@code 10.1.2.0/24} for a trusted internal service.
         *
         * @param cidr the block in CIDR notation, with an IP literal as address
         * @return this builder
         * @throws IllegalArgumentException if the block is malformed
         */
        public Builder allowCidr(String cidr) {
            allowedCidrs.add(Cidr.parse(cidr.strip()));
            return this;
        }

        /**
         * Builds the guard.
         *
         * @return the guard
         */
        public SsrfGuard build() {
            return new SsrfGuard(this);
        }
    }
}
