package dev.agentswarm.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * swarm-core's line coverage, counted over both of its test sets, stays at or above the floor.
 *
 * <p>swarm-core's own tests are unit and architecture tests; the runtime's end-to-end tests live in swarm-test (they
 * need its scripted model, and swarm-core cannot depend on swarm-test). {@code jacoco:check} only counts a module's
 * own classes, so swarm-test writes an aggregate report of swarm-core's classes under both test sets
 * ({@code report-aggregate} in its {@code verify} phase), and this module, built after it in the reactor, enforces the
 * floor on that report.
 */
class CoreCoverageFloorTest {

    /** The floor the quality gates set for swarm-core, as a ratio of covered lines. */
    static final double FLOOR = 0.85;

    static final Path REPORT = BomTest.ROOT.resolve("swarm-test/target/site/jacoco-aggregate/jacoco.xml");

    @Test
    void swarmCoreLineCoverageOverBothTestSetsIsAtLeastTheFloor() throws Exception {
        assertThat(REPORT)
                .as("the aggregate coverage report of swarm-test; build the reactor with './mvnw -B verify' "
                        + "(or '-pl swarm-architecture-tests -am verify') so that swarm-test writes it first")
                .exists();
        long[] lines = coreLines(parse(REPORT));

        long covered = lines[0];
        long missed = lines[1];
        assertThat(covered + missed).as("lines of swarm-core in the report").isPositive();
        double ratio = (double) covered / (covered + missed);
        assertThat(ratio)
                .as(
                        "swarm-core line coverage over its own and swarm-test's tests: %d of %d lines",
                        covered, covered + missed)
                .isGreaterThanOrEqualTo(FLOOR);
    }

    /** Sums the LINE counters of every package of swarm-core's group in the aggregate report. */
    private static long[] coreLines(Document report) {
        long covered = 0;
        long missed = 0;
        boolean found = false;
        NodeList groups = report.getDocumentElement().getElementsByTagName("group");
        for (int g = 0; g < groups.getLength(); g++) {
            Element group = (Element) groups.item(g);
            if (!"swarm-core".equals(group.getAttribute("name"))) {
                continue;
            }
            found = true;
            for (Node n = group.getFirstChild(); n != null; n = n.getNextSibling()) {
                if (n instanceof Element counter
                        && "counter".equals(counter.getTagName())
                        && "LINE".equals(counter.getAttribute("type"))) {
                    covered += Long.parseLong(counter.getAttribute("covered"));
                    missed += Long.parseLong(counter.getAttribute("missed"));
                }
            }
        }
        assertThat(found).as("a group named swarm-core in " + REPORT).isTrue();
        return new long[] {covered, missed};
    }

    private static Document parse(Path file) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        // The report names JaCoCo's DTD; never fetch it.
        f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        try (var in = Files.newInputStream(file)) {
            return f.newDocumentBuilder().parse(in);
        }
    }
}
