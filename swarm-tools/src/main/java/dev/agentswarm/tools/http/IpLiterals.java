package dev.agentswarm.tools.http;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;

/** Parses IP literals without ever triggering a DNS lookup. */
final class IpLiterals {

    private static final Pattern IPV4 =
            Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:.]+");
    private static final Pattern NUMERIC_LABELS = Pattern.compile("(?i)(0x[0-9a-f]*|\\d+)(\\.(0x[0-9a-f]*|\\d+))*\\.?");

    private IpLiterals() {}

    /**
     * Parses a canonical dotted-quad IPv4 literal or an IPv6 literal (without brackets).
     *
     * @return the address, or empty if the text is not such a literal
     */
    static Optional<InetAddress> parse(String text) {
        boolean v4 = IPV4.matcher(text).matches();
        boolean v6 = !v4 && text.indexOf(':') >= 0 && IPV6.matcher(text).matches();
        if (!v4 && !v6) {
            return Optional.empty();
        }
        try {
            // getByName does not consult DNS for a literal, and the patterns above admit only literals.
            return Optional.of(InetAddress.getByName(text));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    /**
     * Tells whether a host looks like a non-canonical numeric IPv4 form ({@code 127.1}, {@code 2130706433},
     * {@code 0x7f.0.0.1}, {@code 0177.0.0.1}) that different parsers read differently.
     */
    static boolean isAmbiguousNumeric(String host) {
        return NUMERIC_LABELS.matcher(host).matches() && !IPV4.matcher(host).matches();
    }
}
