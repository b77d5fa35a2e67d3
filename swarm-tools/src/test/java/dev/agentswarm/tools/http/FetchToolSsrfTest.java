package dev.agentswarm.tools.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.agentswarm.tools.ToolRefusedException;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.agent.tool.ToolSpecifications;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Fetch tests against WireMock on loopback only. Every other destination in here must be refused by the guard
 * before a connection is attempted; host names go to a fake resolver, never to real DNS.
 */
class FetchToolSsrfTest {

    @RegisterExtension
    static final WireMockExtension SERVER = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"))
            .build();

    private static final HostResolver FAKE_DNS = host -> {
        if (host.equals("evil.example")) {
            return List.of(InetAddress.getByName("10.0.0.5"));
        }
        throw new UnknownHostException(host + " (tests never use real DNS)");
    };

    private static final String PAGE = """
            <!doctype html>
            <html><head><title>Test Page</title><style>body { color: red; }</style>
            <script>var tracking = "do-not-show";</script></head>
            <body><h1>Welcome</h1><p>First paragraph with <b>bold</b> text.</p>
            <ul><li>one</li><li>two</li></ul>
            <p>See <a href="/docs/intro">the intro</a>.</p></body></html>
            """;

    private FetchTool fetch;
    private String base;

    @BeforeEach
    void setUp() {
        base = "http://127.0.0.1:" + SERVER.getPort();
        fetch = FetchTool.builder()
                .guard(SsrfGuard.builder()
                        .resolver(FAKE_DNS)
                        .allowHost("127.0.0.1")
                        .build())
                .maxBytes(4096)
                .timeout(Duration.ofSeconds(10))
                .build();
    }

    @Test
    void turnsHtmlIntoReadableText() {
        SERVER.stubFor(get("/page")
                .willReturn(aResponse()
                        .withHeader("Content-Type", "text/html; charset=utf-8")
                        .withBody(PAGE)));
        String result = fetch.fetch(base + "/page");
        assertThat(result).startsWith("URL: " + base + "/page\nStatus: 200\nContent-Type: text/html; charset=utf-8");
        assertThat(result).contains("Title: Test Page", "Welcome\nFirst paragraph with bold text.\none\ntwo\n");
        assertThat(result).doesNotContain("<p>", "tracking", "do-not-show", "color: red", "Links:");
    }

    @Test
    void listsLinksWhenAsked() {
        SERVER.stubFor(get("/page")
                .willReturn(aResponse().withHeader("Content-Type", "text/html").withBody(PAGE)));
        FetchTool withLinks = FetchTool.builder()
                .guard(SsrfGuard.builder()
                        .resolver(FAKE_DNS)
                        .allowHost("127.0.0.1")
                        .build())
                .includeLinks(true)
                .build();
        assertThat(withLinks.fetch(base + "/page")).endsWith("Links:\n[1] the intro -> " + base + "/docs/intro");
    }

    @Test
    void returnsTextAndJsonAsTheyAre() {
        SERVER.stubFor(get("/data.json")
                .willReturn(aResponse()
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"answer\": 42}")));
        assertThat(fetch.fetch(base + "/data.json")).endsWith("\n\n{\"answer\": 42}");
    }

    @Test
    void followsRedirectsOnAllowedHosts() {
        SERVER.stubFor(get("/old").willReturn(aResponse().withStatus(301).withHeader("Location", "/new")));
        SERVER.stubFor(get("/new")
                .willReturn(aResponse().withHeader("Content-Type", "text/plain").withBody("moved here")));
        assertThat(fetch.fetch(base + "/old"))
                .startsWith("URL: " + base + "/new\nStatus: 200")
                .endsWith("moved here");
    }

    @Test
    void refusesRedirectToPrivateAddressBeforeConnecting() {
        SERVER.stubFor(
                get("/jump").willReturn(aResponse().withStatus(302).withHeader("Location", "http://10.0.0.1/admin")));
        assertThatThrownBy(() -> fetch.fetch(base + "/jump"))
                .isInstanceOf(ToolRefusedException.class)
                .hasMessageStartingWith("Refused redirect from " + base + "/jump (302) to http://10.0.0.1/admin")
                .hasMessageContaining("a private address (10.0.0.0/8)");
        SERVER.verify(1, getRequestedFor(urlEqualTo("/jump")));
    }

    @Test
    void refusedRedirectTargetIsNeverRequested() {
        // The target is this same loopback server, reached under a name the guard does not allow: if the guard
        // ran after connecting, WireMock would record the request.
        SERVER.stubFor(get("/jump")
                .willReturn(aResponse()
                        .withStatus(307)
                        .withHeader("Location", "http://localhost:" + SERVER.getPort() + "/secret")));
        SERVER.stubFor(get("/secret").willReturn(aResponse().withBody("internal")));
        assertThatThrownBy(() -> fetch.fetch(base + "/jump"))
                .isInstanceOf(ToolRefusedException.class)
                .hasMessageContaining("internal name");
        SERVER.verify(0, getRequestedFor(urlPathEqualTo("/secret")));
    }

    @Test
    void refusesRedirectToMetadataViaDnsName() {
        SERVER.stubFor(
                get("/jump").willReturn(aResponse().withStatus(303).withHeader("Location", "http://evil.example/")));
        assertThatThrownBy(() -> fetch.fetch(base + "/jump"))
                .isInstanceOf(ToolRefusedException.class)
                .hasMessageContaining("resolves to 10.0.0.5");
    }

    @Test
    void refusesRedirectLoops() {
        SERVER.stubFor(get("/loop").willReturn(aResponse().withStatus(302).withHeader("Location", "/loop")));
        FetchTool limited = FetchTool.builder()
                .guard(SsrfGuard.builder()
                        .resolver(FAKE_DNS)
                        .allowHost("127.0.0.1")
                        .build())
                .maxRedirects(3)
                .build();
        assertThatThrownBy(() -> limited.fetch(base + "/loop"))
                .isInstanceOf(ToolRefusedException.class)
                .hasMessageContaining("more than 3 redirects");
        SERVER.verify(4, getRequestedFor(urlEqualTo("/loop")));
    }

    @Test
    void truncatesOversizedResponses() {
        SERVER.stubFor(get("/big")
                .willReturn(aResponse().withHeader("Content-Type", "text/plain").withBody("y".repeat(100_000))));
        String result = fetch.fetch(base + "/big");
        assertThat(result)
                .endsWith("\n\n[truncated: the response is larger than the 4096-byte limit; only the first"
                        + " 4096 bytes were downloaded]");
        String body = result.substring(result.indexOf("\n\n") + 2, result.indexOf("\n\n[truncated"));
        assertThat(body).isEqualTo("y".repeat(4096));
    }

    @Test
    void enforcesTheTimeLimit() {
        SERVER.stubFor(get("/slow").willReturn(aResponse().withFixedDelay(3_000).withBody("late")));
        FetchTool hasty = FetchTool.builder()
                .guard(SsrfGuard.builder()
                        .resolver(FAKE_DNS)
                        .allowHost("127.0.0.1")
                        .build())
                .timeout(Duration.ofMillis(300))
                .build();
        assertThatThrownBy(() -> hasty.fetch(base + "/slow"))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessage("Fetch of " + base + "/slow timed out: the time limit of 300 ms was exceeded.");
    }

    @Test
    void reportsConnectionFailuresClearly() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        String url = "http://127.0.0.1:" + closedPort + "/";
        assertThatThrownBy(() -> fetch.fetch(url))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageStartingWith("Fetch of " + url + " failed: ");
    }

    @Test
    void refusesBinaryContent() {
        SERVER.stubFor(get("/image.png")
                .willReturn(aResponse()
                        .withHeader("Content-Type", "image/png")
                        .withBody(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 0})));
        assertThatThrownBy(() -> fetch.fetch(base + "/image.png"))
                .isInstanceOf(ToolRefusedException.class)
                .hasMessageContaining("content type 'image/png' is not text");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "http://10.0.0.1/",
                "http://192.168.1.1/",
                "http://169.254.169.254/latest/meta-data/",
                "http://[::1]/",
                "http://[::ffff:127.0.0.1]/",
                "http://evil.example/",
                "http://metadata.google.internal/",
                "http://127.0.0.2/",
                "file:///etc/passwd",
                "ftp://127.0.0.1/"
            })
    void refusesInternalDestinations(String url) {
        assertThatThrownBy(() -> fetch.fetch(url))
                .isInstanceOf(ToolRefusedException.class)
                .hasMessageStartingWith("Refused to fetch " + url);
    }

    @Test
    void guardIsOnByDefault() {
        SERVER.stubFor(get("/page").willReturn(aResponse().withBody("loopback content")));
        FetchTool strict = new FetchTool();
        assertThatThrownBy(() -> strict.fetch(base + "/page"))
                .isInstanceOf(ToolRefusedException.class)
                .hasMessageContaining("a loopback address");
        SERVER.verify(0, getRequestedFor(urlEqualTo("/page")));
    }

    @Test
    void rejectsMalformedUrls() {
        assertThatThrownBy(() -> fetch.fetch("http://exa mple.com/"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Invalid URL");
        assertThatThrownBy(() -> fetch.fetch("example.com/page"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must be absolute");
    }

    @Test
    void builderValidatesLimits() {
        assertThatThrownBy(() -> FetchTool.builder().maxBytes(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FetchTool.builder().timeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FetchTool.builder().maxRedirects(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void exposesOneLangChain4jTool() {
        List<ToolSpecification> specs = ToolSpecifications.toolSpecificationsFrom(fetch);
        assertThat(specs).singleElement().satisfies(spec -> {
            assertThat(spec.name()).isEqualTo("fetch");
            assertThat(spec.parameters().required()).containsExactly("url");
        });
    }
}
