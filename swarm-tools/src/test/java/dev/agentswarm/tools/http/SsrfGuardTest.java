package dev.agentswarm.tools.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentswarm.tools.ToolRefusedException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Unit tests of the guard alone; no test here opens a socket or asks real DNS. */
class SsrfGuardTest {

    private final List<String> lookups = new ArrayList<>();

    private final HostResolver fakeDns = host -> {
        lookups.add(host);
        Map<String, List<String>> zone = Map.of(
                "evil.example", List.of("10.0.0.5"),
                "mixed.example", List.of("93.184.216.34", "192.168.1.7"),
                "public.example", List.of("93.184.216.34", "2606:2800:220:1::1"),
                "rebind.example", List.of("169.254.169.254"),
                "mapped.example", List.of("::ffff:7f00:1"),
                "localhost", List.of("127.0.0.1"));
        List<String> addresses = zone.get(host);
        if (addresses == null) {
            throw new UnknownHostException(host);
        }
        List<InetAddress> result = new ArrayList<>();
        for (String address : addresses) {
            result.add(InetAddress.getByName(address));
        }
        return result;
    };

    private final SsrfGuard guard = SsrfGuard.builder().resolver(fakeDns).build();

    @ParameterizedTest
    @CsvSource({
        "http://10.0.0.1/, a private address (10.0.0.0/8)",
        "http://172.16.5.4/, a private address (172.16.0.0/12)",
        "http://172.31.255.255/, a private address (172.16.0.0/12)",
        "http://192.168.1.1/, a private address (192.168.0.0/16)",
        "http://100.64.0.1/, a carrier-grade NAT address (100.64.0.0/10)",
        "http://127.0.0.1:8080/, a loopback address (127.0.0.0/8)",
        "http://127.255.0.9/, a loopback address (127.0.0.0/8)",
        "http://169.254.169.254/latest/meta-data/, the cloud metadata service (169.254.169.254/32)",
        "http://169.254.10.1/, a link-local address (169.254.0.0/16)",
        "http://0.0.0.0/, address (any-local) (0.0.0.0/8)",
        "http://224.0.0.1/, a multicast address (224.0.0.0/4)",
        "http://255.255.255.255/, a reserved or broadcast address (240.0.0.0/4)",
        "http://[::1]/, a loopback address (::1/128)",
        "http://[::]/, the unspecified (any-local) address (::/128)",
        "http://[fc00::1]/, a unique-local (private) address (fc00::/7)",
        "http://[fd12:3456::1]/, a unique-local (private) address (fc00::/7)",
        "http://[fd00:ec2::254]/, the cloud metadata service (fd00:ec2::254/128)",
        "http://[fe80::1]/, a link-local address (fe80::/10)",
        "http://[ff02::1]/, a multicast address (ff00::/8)",
        "http://[::ffff:127.0.0.1]/, a loopback address (127.0.0.0/8)",
        "http://[::ffff:10.0.0.1]/, a private address (10.0.0.0/8)",
        "http://[::ffff:169.254.169.254]/, the cloud metadata service (169.254.169.254/32)",
        "http://[::ffff:7f00:1]/, a loopback address (127.0.0.0/8)",
        "http://[::127.0.0.1]/, (embedding 127.0.0.1 as IPv4-compatible ::/96) a loopback address (127.0.0.0/8)",
        "http://[64:ff9b::a00:1]/, (embedding 10.0.0.1 as NAT64 64:ff9b::/96) a private address (10.0.0.0/8)",
        "http://[2002:a9fe:a9fe::]/, (embedding 169.254.169.254 as 6to4 2002::/16) the cloud metadata service (169.254.169.254/32)",
    })
    void refusesInternalIpLiterals(String url, String reason) {
        assertThatThrownBy(() -> guard.check(URI.create(url)))
                .isInstanceOf(ToolRefusedException.class)
                .hasMessageStartingWith("Refused to fetch " + url)
                .hasMessageContaining(reason)
                .hasMessageContaining("server-side request forgery");
        assertThat(lookups).as("IP literals never go to DNS").isEmpty();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "http://metadata.google.internal/computeMetadata/v1/",
                "http://METADATA.GOOGLE.INTERNAL./",
                "http://metadata.goog/",
                "http://localhost:8080/",
                "http://LocalHost/",
                "http://app.localhost/"
            })
    void refusesInternalNamesBeforeResolvingThem(String url) {
        assertThatThrownBy(() -> guard.check(URI.create(url)))
                .isInstanceOf(ToolRefusedException.class)
                .hasMessageContaining("is an internal name");
        assertThat(lookups).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "http://2130706433/",
                "http://0x7f000001/",
                "http://0177.0.0.1/",
                "http://127.1/",
                "http://0x7f.0.0.1/",
                "http://010.0.0.1/"
            })
    void refusesAmbiguousNumericHosts(String url) {
        assertThatThrownBy(() -> guard.check(URI.create(url)))
                .isInstanceOf(ToolRefusedException.class)
                .hasMessageStartingWith("Refused to fetch " + url);
        assertThat(lookups).isEmpty();
    }

    @Test
    void refusesNamesThatResolveToInternalAddresses() {
        assertThatThrownBy(() -> guard.check(URI.create("http://evil.example/steal")))
                .isInstanceOf(ToolRefusedException.class)
                .hasMessageContaining("the host 'evil.example' resolves to 10.0.0.5, which is a private address");
        assertThatThrownBy(() -> guard.check(URI.create("https://rebind.example/")))
                .isInstanceOf(ToolRefusedException.class)
                .hasMessageContaining("cloud metadata");
        assertThatThrownBy(() -> guard.check(URI.create("http://mapped.example/")))
                .isInstanceOf(ToolRefusedException.class)
                .hasMessageContaining("loopback");
        assertThat(lookups).containsExactly("evil.example", "rebind.example", "mapped.example");
    }

    @Test
    void refusesWhenAnyResolvedAddressIsInternal() {
        assertThatThrownBy(() -> guard.check(URI.create("http://mixed.example/")))
                .isInstanceOf(ToolRefusedException.class)
                .hasMessageContaining("192.168.1.7");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "file:///etc/passwd",
                "ftp://public.example/file",
                "gopher://public.example/",
                "jar:http://public.example/a.jar!/x",
                "mailto:someone@public.example",
                "//public.example/x",
                "/relative"
            })
    void refusesNonHttpSchemes(String url) {
        assertThatThrownBy(() -> guard.check(URI.create(url)))
                .isInstanceOf(ToolRefusedException.class)
                .hasMessageContaining("only http and https URLs can be fetched");
    }

    @Test
    void refusesCredentialsAndMissingHosts() {
        assertThatThrownBy(() -> guard.check(URI.create("http://user:secret@public.example/")))
                .isInstanceOf(ToolRefusedException.class)
                .hasMessageContaining("embedded credentials");
        assertThatThrownBy(() -> guard.check(URI.create("http:///path")))
                .isInstanceOf(ToolRefusedException.class)
                .hasMessageContaining("no valid host");
    }

    @Test
    void allowsPublicAddresses() throws UnknownHostException {
        assertThat(guard.check(URI.create("https://public.example/page")))
                .containsExactly(InetAddress.getByName("93.184.216.34"), InetAddress.getByName("2606:2800:220:1::1"));
        assertThat(guard.check(URI.create("http://PUBLIC.example./"))).hasSize(2);
        assertThat(guard.check(URI.create("http://8.8.8.8/"))).hasSize(1);
        assertThat(guard.check(URI.create("http://[2606:4700::1111]/"))).hasSize(1);
        assertThat(guard.check(URI.create("http://[::ffff:8.8.8.8]/"))).hasSize(1);
        assertThat(guard.check(URI.create("http://172.32.0.1/"))).hasSize(1);
        assertThat(guard.check(URI.create("http://100.128.0.1/"))).hasSize(1);
    }

    @Test
    void reportsUnresolvableHosts() {
        assertThatThrownBy(() -> guard.check(URI.create("http://nowhere.example/")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("could not be resolved");
    }

    @Test
    void allowHostExemptsExactlyThatHost() {
        SsrfGuard allowing =
                SsrfGuard.builder().resolver(fakeDns).allowHost("127.0.0.1").build();
        assertThat(allowing.check(URI.create("http://127.0.0.1:1234/"))).hasSize(1);
        assertThatThrownBy(() -> allowing.check(URI.create("http://127.0.0.2/")))
                .isInstanceOf(ToolRefusedException.class);
        assertThatThrownBy(() -> allowing.check(URI.create("http://localhost/")))
                .isInstanceOf(ToolRefusedException.class);
        assertThatThrownBy(() -> allowing.check(URI.create("http://10.0.0.1/")))
                .isInstanceOf(ToolRefusedException.class);
        assertThatThrownBy(() -> allowing.check(URI.create("file://127.0.0.1/etc/passwd")))
                .isInstanceOf(ToolRefusedException.class);

        SsrfGuard ipv6 =
                SsrfGuard.builder().resolver(fakeDns).allowHost("[::1]").build();
        assertThat(ipv6.check(URI.create("http://[::1]:8080/"))).hasSize(1);
    }

    @Test
    void allowLoopbackPermitsOnlyLoopback() {
        SsrfGuard loopback =
                SsrfGuard.builder().resolver(fakeDns).allowLoopback().build();
        assertThat(loopback.check(URI.create("http://127.0.0.5/"))).hasSize(1);
        assertThat(loopback.check(URI.create("http://[::1]/"))).hasSize(1);
        assertThat(loopback.check(URI.create("http://[::ffff:127.0.0.1]/"))).hasSize(1);
        assertThat(loopback.check(URI.create("http://localhost:9999/"))).hasSize(1);
        assertThatThrownBy(() -> loopback.check(URI.create("http://10.0.0.1/")))
                .isInstanceOf(ToolRefusedException.class);
        assertThatThrownBy(() -> loopback.check(URI.create("http://169.254.169.254/")))
                .isInstanceOf(ToolRefusedException.class);
    }

    @Test
    void allowCidrPermitsOnlyThatBlock() {
        SsrfGuard cidr =
                SsrfGuard.builder().resolver(fakeDns).allowCidr("10.1.2.0/24").build();
        assertThat(cidr.check(URI.create("http://10.1.2.3/"))).hasSize(1);
        assertThatThrownBy(() -> cidr.check(URI.create("http://10.1.3.1/"))).isInstanceOf(ToolRefusedException.class);
        SsrfGuard ula =
                SsrfGuard.builder().resolver(fakeDns).allowCidr("fd12::/16").build();
        assertThat(ula.check(URI.create("http://[fd12:3456::1]/"))).hasSize(1);
        assertThatThrownBy(() -> ula.check(URI.create("http://[fd00:ec2::254]/")))
                .isInstanceOf(ToolRefusedException.class);
    }

    @Test
    void builderRejectsMalformedAllowances() {
        assertThatThrownBy(() -> SsrfGuard.builder().allowCidr("intranet.example/24"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SsrfGuard.builder().allowCidr("10.0.0.0/33"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SsrfGuard.builder().allowCidr("10.0.0.0/x"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SsrfGuard.builder().allowHost(" ")).isInstanceOf(IllegalArgumentException.class);
        assertThat(lookups).isEmpty();
    }
}
